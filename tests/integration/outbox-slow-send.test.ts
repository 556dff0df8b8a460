import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { messages } from "../../db/schema";
import { RecordingPublisher, setPublisher } from "../../lib/realtime/publisher";
import { reply } from "../../lib/services/conversations/reply";
import { GraphTransport } from "../../lib/whatsapp/outbox/graph-transport";
import { OutboxWorker } from "../../lib/whatsapp/outbox/worker";
import { waitFor } from "../faults/harness/wait-for";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId, type World } from "../helpers/factory";
import { FakeGraph } from "../helpers/fake-graph";

const LEASE_MS = 150;

/**
 * Meta answers a send long after the claim lease has run out. The worker fences the row again
 * just before its request leaves (same lease_token and attempt) and stretches the hold over the
 * send, so a second worker polling all the while never claims it: one request reaches Meta, and
 * the outcome is recorded once, by the worker that sent it.
 */
describeEachDb("outbox: a send slower than the claim lease", (ctx) => {
  let w: World;
  const graph = new FakeGraph();
  const publisher = new RecordingPublisher();

  beforeAll(async () => {
    setPublisher(publisher);
    await graph.start();
    w = await makeBusiness(ctx.db);
  });
  afterAll(() => graph.stop());

  it("a second worker does not send the row while the first one's request is in flight; the outcome is recorded once", async () => {
    const convId = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId(), "hello");
    const r = await reply(ctx.db, { memberId: w.asha.id, conversationId: convId, text: "slow answer" });
    if (!r.ok) throw new Error(r.message);

    graph.sendDelayMs = 3_000;
    let claimedAt = 0;
    const opts = {
      transport: new GraphTransport({ graphUrl: graph.url, accessToken: graph.token }),
      ratePerSecond: 1000,
      leaseMs: LEASE_MS,
      sendTimeoutMs: 20_000,
      pollMs: 20,
    };
    const first = new OutboxWorker(ctx.db, {
      ...opts,
      beforeSend: async () => {
        claimedAt = Date.now();
      },
    });
    const second = new OutboxWorker(ctx.db, opts);
    const firstPass = first.runOnce();
    try {
      await waitFor("the first worker's request to reach Meta", () => graph.inFlight === 1, {
        timeoutMs: 20_000,
        everyMs: 10,
      });
      // Well past the claim lease, with the request still unanswered: the other worker looks.
      await waitFor("the claim lease to have run out", () => Date.now() > claimedAt + 3 * LEASE_MS, {
        timeoutMs: 5_000,
        everyMs: 10,
      });
      expect(await second.runOnce()).toBe(0);
      expect(graph.inFlight).toBe(1);
      expect(graph.sends()).toHaveLength(1);

      // Both keep going until Meta answers and the first records the send.
      second.start();
      expect(await firstPass).toBe(1);
      const [m] = await ctx.db.select().from(messages).where(eq(messages.id, r.messageId));
      expect(m.status).toBe("sent");
      expect(m.wamid).toMatch(/^wamid\.FAKE/);
      expect(await second.runOnce()).toBe(0);
    } finally {
      await second.stop();
      graph.sendDelayMs = 0;
    }
    expect(graph.sends()).toHaveLength(1);
    expect(
      publisher.events.filter((e) => e.type === "message.status_changed" && e.messageId === r.messageId),
    ).toHaveLength(1);
  });
});
