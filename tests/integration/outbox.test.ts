import { eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { conversations, messages, messageStatusEvents } from "../../db/schema";
import { RecordingPublisher, setPublisher } from "../../lib/realtime/publisher";
import { reply } from "../../lib/services/conversations/reply";
import { isWindowOpen } from "../../lib/services/conversations/window";
import { claimDue, markSent } from "../../lib/services/messages/outbox-state";
import { retryFailedMessage } from "../../lib/services/messages/retry";
import { GraphTransport } from "../../lib/whatsapp/outbox/graph-transport";
import { OutboxWorker, type OutboxWorkerOptions } from "../../lib/whatsapp/outbox/worker";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId, type World } from "../helpers/factory";
import { FakeGraph, graphError, serverError } from "../helpers/fake-graph";

/** Wait until `check` holds (generous limit; the assertion is on the outcome, not on the time). */
async function until(check: () => Promise<boolean>, what: string, limitMs = 20_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describeEachDb("outbox: delivery through the Cloud API", (ctx) => {
  let w: World;
  const graph = new FakeGraph();
  const workers: OutboxWorker[] = [];

  beforeAll(async () => {
    await graph.start();
    setPublisher(new RecordingPublisher());
    w = await makeBusiness(ctx.db);
  });
  afterAll(() => graph.stop());
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((x) => x.stop()));
    // Leave no queued work behind for the next test's worker.
    await ctx.db
      .update(messages)
      .set({ status: "failed", nextAttemptAt: null })
      .where(inArray(messages.status, ["queued", "sending"]));
    graph.reset();
  });

  const worker = (opts: Partial<OutboxWorkerOptions> = {}) => {
    const x = new OutboxWorker(ctx.db, {
      transport: new GraphTransport({ graphUrl: graph.url, accessToken: graph.token }),
      ratePerSecond: 1000,
      baseDelayMs: 20,
      pollMs: 20,
      ...opts,
    });
    workers.push(x);
    return x;
  };

  async function queuedReply(text = "Your order shipped", waId = newWaId()) {
    const convId = await customerSays(ctx.db, w.numbers[0].phoneNumberId, waId, "where is my order?");
    const r = await reply(ctx.db, { memberId: w.asha.id, conversationId: convId, text });
    if (!r.ok) throw new Error(r.message);
    return { messageId: r.messageId, convId, waId };
  }
  const row = async (id: string) => (await ctx.db.select().from(messages).where(eq(messages.id, id)))[0];

  it("sends a reply as Meta expects and records the wamid", async () => {
    const { messageId, waId } = await queuedReply("Hello from Asha");
    worker().start();
    await until(async () => (await row(messageId)).status === "sent", "sent");
    const sends = graph.sends();
    expect(sends).toHaveLength(1);
    expect(sends[0].path).toBe(`/${w.numbers[0].phoneNumberId}/messages`);
    expect(sends[0].authorization).toBe(`Bearer ${graph.token}`);
    expect(sends[0].body).toMatchObject({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: `+${waId}`,
      type: "text",
      text: { body: "Hello from Asha" },
    });
    expect((await row(messageId)).wamid).toMatch(/^wamid\.FAKE/);
  });

  it("a quoted reply carries context.message_id", async () => {
    const convId = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId(), "q");
    const r = await reply(ctx.db, {
      memberId: w.asha.id,
      conversationId: convId,
      text: "a",
      replyToWamid: "wamid.quoted",
    });
    if (!r.ok) throw new Error(r.message);
    worker().start();
    await until(async () => (await row(r.messageId)).status === "sent", "sent");
    expect(graph.sends()[0].body?.context).toEqual({ message_id: "wamid.quoted" });
  });

  it("is delivered once after two 5xx answers", async () => {
    graph.script(serverError(500), serverError(503));
    const { messageId } = await queuedReply();
    worker().start();
    await until(async () => (await row(messageId)).status === "sent", "sent after retries");
    expect(graph.sends()).toHaveLength(3);
    const m = await row(messageId);
    expect(m.attempts).toBe(3);
    expect(m.errorMessage).toBeNull();
  });

  it("retries rate limits (429 / 130429) and network errors", async () => {
    graph.script(graphError(130429, 429, "Rate limit hit"), graphError(131056, 400, "pair rate"));
    const { messageId } = await queuedReply();
    const first = worker().start();
    await until(async () => (await row(messageId)).status === "sent", "sent after rate limits");
    expect(graph.sends()).toHaveLength(3);
    await first.stop();

    const down = await queuedReply();
    const w2 = worker({
      transport: new GraphTransport({ graphUrl: "http://127.0.0.1:9/v25.0", accessToken: "x" }),
      maxAttempts: 2,
    });
    w2.start();
    await until(async () => (await row(down.messageId)).status === "failed", "gave up on network errors");
    expect((await row(down.messageId)).errorMessage).toMatch(/reach WhatsApp|gave up/);
  });

  it("131047 marks the message Failed with the reason, shuts the window, and is not retried", async () => {
    graph.script(graphError(131047, 400, "Re-engagement message"));
    const { messageId, convId } = await queuedReply();
    const x = worker().start();
    await until(async () => (await row(messageId)).status === "failed", "failed");
    const m = await row(messageId);
    expect(m.errorCode).toBe(131047);
    expect(m.errorMessage).toBe(
      "More than 24 hours since the customer last wrote to this number — send a template",
    );
    const [conv] = await ctx.db.select().from(conversations).where(eq(conversations.id, convId));
    expect(isWindowOpen(conv, new Date())).toBe(false);
    await x.runOnce();
    await x.runOnce();
    expect(graph.sends()).toHaveLength(1);
  });

  it("other permanent errors fail at once with a readable reason", async () => {
    graph.script(graphError(131026, 400, "Message undeliverable"));
    const { messageId } = await queuedReply();
    worker().start();
    await until(async () => (await row(messageId)).status === "failed", "failed");
    expect((await row(messageId)).errorMessage).toMatch(/undeliverable/i);
    expect(graph.sends()).toHaveLength(1);
  });

  it("a member retries a failed message and it is sent", async () => {
    graph.script(graphError(131026, 400, "Message undeliverable"));
    const { messageId } = await queuedReply();
    const x = worker().start();
    await until(async () => (await row(messageId)).status === "failed", "failed");
    const byBen = await retryFailedMessage(ctx.db, { memberId: w.ben.id, messageId });
    expect(byBen.ok).toBe(false);
    const r = await retryFailedMessage(ctx.db, { memberId: w.asha.id, messageId });
    expect(r.ok).toBe(true);
    x.kick();
    await until(async () => (await row(messageId)).status === "sent", "sent after retry");
    expect(graph.sends()).toHaveLength(2);
  });

  it("a worker killed between commit and send: after restart the message is delivered exactly once", async () => {
    const { messageId } = await queuedReply("exactly once");
    // The first worker claims the row, then dies before its request leaves.
    let claimed = false;
    const doomed = new OutboxWorker(ctx.db, {
      transport: new GraphTransport({ graphUrl: graph.url, accessToken: graph.token }),
      ratePerSecond: 1000,
      leaseMs: 300,
      pollMs: 20,
      beforeSend: async () => {
        claimed = true;
        await new Promise(() => {});
      },
    }).start();
    await until(async () => claimed, "claimed");
    expect((await row(messageId)).status).toBe("sending");
    await doomed.stop();
    expect(graph.sends()).toHaveLength(0);

    // The restarted process picks the row up once its lease has run out.
    const restarted = worker().start();
    await until(async () => (await row(messageId)).status === "sent", "sent after restart");
    await restarted.runOnce();
    expect(graph.sends()).toHaveLength(1);
    expect(graph.sends()[0].body?.text).toEqual({ body: "exactly once", preview_url: false });
  });

  it("a queued row committed while no worker ran is sent once when one starts", async () => {
    const { messageId } = await queuedReply("after restart");
    const x = worker().start();
    await until(async () => (await row(messageId)).status === "sent", "sent");
    await x.runOnce();
    expect(graph.sends()).toHaveLength(1);
  });

  it("two workers side by side never send a message twice", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await queuedReply(`bulk ${i}`)).messageId);
    worker().start();
    worker().start();
    await until(
      async () =>
        (await ctx.db.select().from(messages).where(inArray(messages.id, ids))).every(
          (m) => m.status === "sent",
        ),
      "all sent",
    );
    const bodies = graph.sends().map((s) => (s.body?.text as { body: string } | undefined)?.body);
    expect(bodies).toHaveLength(30);
    expect(new Set(bodies).size).toBe(30);
  });

  it("a status webhook that beat the send response is applied when the wamid is recorded", async () => {
    const { messageId } = await queuedReply("race");
    await ctx.db
      .insert(messageStatusEvents)
      .values({ wamid: "wamid.early", status: "delivered", occurredAt: new Date() });
    const [claimed] = (await claimDue(ctx.db, { now: new Date(), limit: 10, leaseMs: 60_000 })).filter(
      (c) => c.id === messageId,
    );
    await markSent(ctx.db, claimed, "wamid.early", new Date());
    expect((await row(messageId)).status).toBe("delivered");
  });
});
