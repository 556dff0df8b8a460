import { createInterface } from "node:readline";
import { closeRawClient, openRawClient, wrap } from "../../../db/client";
import { sweepAutoClose } from "../../../lib/services/conversations/auto-close";
import { GraphTransport } from "../../../lib/whatsapp/outbox/graph-transport";
import { OutboxWorker } from "../../../lib/whatsapp/outbox/worker";

/**
 * One "instance" of the background work, driven by a simulated clock: for every line
 * `{"now": iso}` on stdin it runs the real auto-close sweep at that time and one pass of the
 * real outbox worker at the same moment, and answers one JSON line with what it did.
 */
async function main() {
  const raw = await openRawClient({ url: process.env.DATABASE_URL, max: 8 });
  const db = wrap(raw);
  const worker = new OutboxWorker(db, {
    transport: new GraphTransport({
      graphUrl: process.env.WHATSAPP_GRAPH_URL ?? "",
      accessToken: process.env.WHATSAPP_ACCESS_TOKEN ?? "",
    }),
    ratePerSecond: 1000,
  });
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const cmd = JSON.parse(line) as { now?: string; exit?: true };
    if (cmd.exit) break;
    try {
      const [sweep, claimed] = await Promise.all([
        sweepAutoClose(db, { now: new Date(cmd.now as string), defaultMinutes: 2880 }),
        worker.runOnce(),
      ]);
      process.stdout.write(`${JSON.stringify({ closed: sweep.closed, claimed })}\n`);
    } catch (err) {
      process.stdout.write(`${JSON.stringify({ error: String(err) })}\n`);
    }
  }
  await closeRawClient(raw);
}

void main();
