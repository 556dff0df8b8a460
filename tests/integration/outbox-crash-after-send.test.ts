import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { setGlobalClient } from "../../db/client";
import { messages } from "../../db/schema";
import { RecordingPublisher, setPublisher } from "../../lib/realtime/publisher";
import { reply } from "../../lib/services/conversations/reply";
import { GraphTransport } from "../../lib/whatsapp/outbox/graph-transport";
import type { Transport } from "../../lib/whatsapp/outbox/transport";
import { OutboxWorker } from "../../lib/whatsapp/outbox/worker";
import { waitFor } from "../faults/harness/wait-for";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId, type World } from "../helpers/factory";
import { FakeGraph } from "../helpers/fake-graph";
import { envelope, installTestConfig, postWebhook, status, value } from "../helpers/webhook-fixtures";

const SEND_TIMEOUT_MS = 1_000;
const LEASE_MS = 200;

/**
 * docs/whatsapp.md ("the outbox"): delivery is at least once. The Cloud API takes no idempotency
 * key, so when a worker dies after Meta accepted a request and before the wamid was recorded,
 * nothing can tell whether the message went out: the row is not claimed again while its request
 * may still be in flight (the hold: send timeout + recording budget + claim lease), and after the
 * hold it is sent again — once. This test plays that crash and asserts exactly that: one send
 * before the crash, none during the hold, one after it; one message in the thread, recorded sent
 * once, and Meta's status webhooks for the surviving wamid move it.
 */
describeEachDb("outbox: the worker dies after Meta accepted a send, before recording it", (ctx) => {
  let w: World;
  const graph = new FakeGraph();
  const publisher = new RecordingPublisher();

  beforeAll(async () => {
    installTestConfig();
    setGlobalClient(ctx.raw);
    setPublisher(publisher);
    await graph.start();
    w = await makeBusiness(ctx.db);
  });
  afterAll(() => graph.stop());

  const graphTransport = () => new GraphTransport({ graphUrl: graph.url, accessToken: graph.token });
  const workerOpts = { ratePerSecond: 1000, leaseMs: LEASE_MS, sendTimeoutMs: SEND_TIMEOUT_MS, pollMs: 50 };

  it("not sent again during the hold; sent once more after it; one message, recorded once", async () => {
    const waId = newWaId();
    const convId = await customerSays(ctx.db, w.numbers[0].phoneNumberId, waId, "where is my parcel?");
    const r = await reply(ctx.db, { memberId: w.asha.id, conversationId: convId, text: "Checking now." });
    if (!r.ok) throw new Error(r.message);
    const row = async () => (await ctx.db.select().from(messages).where(eq(messages.id, r.messageId)))[0];

    // The dying worker: its request reaches Meta and is accepted, then the process is gone — the
    // answer is never handed back, so nothing of the outcome is written.
    let acceptedWamid: string | undefined;
    let sentAt = 0;
    const dying: Transport = {
      async send(req, signal) {
        const outcome = await graphTransport().send(req, signal);
        if (outcome.ok) acceptedWamid = outcome.wamid;
        sentAt = Date.now();
        return new Promise(() => {});
      },
    };
    void new OutboxWorker(ctx.db, { ...workerOpts, transport: dying }).runOnce();
    await waitFor("Meta to accept the first send", () => acceptedWamid, { timeoutMs: 20_000 });
    expect(graph.sends()).toHaveLength(1);

    // Left behind: `sending`, no wamid, held until the send could still be in flight.
    const held = await row();
    expect(held).toMatchObject({ status: "sending", wamid: null });
    expect(held.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(sentAt + SEND_TIMEOUT_MS + LEASE_MS);

    // The process comes back. Its first pass (well inside the hold) leaves the row alone.
    const seen: string[] = [];
    const restarted = new OutboxWorker(ctx.db, {
      ...workerOpts,
      transport: {
        async send(req, signal) {
          const outcome = await graphTransport().send(req, signal);
          if (outcome.ok) seen.push(outcome.wamid);
          return outcome;
        },
      },
    });
    expect(await restarted.runOnce()).toBe(0);
    expect(Date.now()).toBeLessThan(held.nextAttemptAt!.getTime());
    expect(graph.sends()).toHaveLength(1);

    // Once the hold has run out, the row is claimed again and sent again: the documented double.
    restarted.start();
    try {
      const sent = await waitFor(
        "the row to be recorded as sent after its hold",
        async () => {
          const m = await row();
          return m.status === "sent" ? m : undefined;
        },
        { timeoutMs: 60_000 },
      );
      expect(sent.nextAttemptAt).toBeNull();
      expect(seen).toHaveLength(1);
      expect(sent.wamid).toBe(seen[0]);
      expect(sent.wamid).not.toBe(acceptedWamid);
      // A pass after the recording claims nothing: the count stays at two.
      expect(await restarted.runOnce()).toBe(0);
    } finally {
      await restarted.stop();
    }
    const sends = graph.sends();
    expect(sends).toHaveLength(2);
    expect(sends.map((s) => (s.body?.text as { body?: string } | undefined)?.body)).toEqual([
      "Checking now.",
      "Checking now.",
    ]);

    // One message in the thread, and one "sent" event for it.
    const outbound = await ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, convId), eq(messages.direction, "outbound")));
    expect(outbound.map((m) => m.id)).toEqual([r.messageId]);
    expect(
      publisher.events.filter(
        (e) => e.type === "message.status_changed" && e.messageId === r.messageId && e.status === "sent",
      ),
    ).toHaveLength(1);

    // Meta reports both copies. The lost wamid matches no message and changes nothing; the
    // recorded one moves the message as usual.
    const statusOf = (wamid: string, s: string) =>
      postWebhook(
        envelope([
          { values: [value({ phoneNumberId: w.numbers[0].phoneNumberId, statuses: [status(wamid, s)] })] },
        ]),
      );
    expect((await statusOf(acceptedWamid!, "read")).status).toBe(200);
    expect((await row()).status).toBe("sent");
    expect((await statusOf(seen[0], "delivered")).status).toBe(200);
    expect((await row()).status).toBe("delivered");
  });
});
