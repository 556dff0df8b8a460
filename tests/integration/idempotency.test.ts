import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { campaigns, messages, templates } from "../../db/schema";
import { setGlobalClient } from "../../db/client";
import { RecordingPublisher, setPublisher } from "../../lib/realtime/publisher";
import { createCampaign } from "../../lib/services/campaigns/create";
import { reply } from "../../lib/services/conversations/reply";
import { retryFailedMessage } from "../../lib/services/messages/retry";
import { GraphTransport } from "../../lib/whatsapp/outbox/graph-transport";
import { OutboxWorker } from "../../lib/whatsapp/outbox/worker";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId, type World } from "../helpers/factory";
import { FakeGraph, graphError } from "../helpers/fake-graph";

async function until(check: () => Promise<boolean>, what: string, limitMs = 20_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describeEachDb("a send action called twice with one key sends once", (ctx) => {
  let w: World;
  let worker: OutboxWorker;
  const graph = new FakeGraph();

  beforeAll(async () => {
    setGlobalClient(ctx.raw);
    setPublisher(new RecordingPublisher());
    await graph.start();
    w = await makeBusiness(ctx.db);
    worker = new OutboxWorker(ctx.db, {
      transport: new GraphTransport({ graphUrl: graph.url, accessToken: graph.token }),
      ratePerSecond: 1000,
      pollMs: 20,
    }).start();
  });
  afterAll(async () => {
    await worker.stop();
    await graph.stop();
  });

  const sentTexts = () => graph.sends().map((s) => (s.body?.text as { body: string } | undefined)?.body);
  const outbound = (conversationId: string) =>
    ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "outbound")));

  it("a reply pressed twice (one after the other, and both at once): one message, one Graph request", async () => {
    const convId = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId(), "hello?");
    const key = randomUUID();
    const send = () =>
      reply(ctx.db, {
        memberId: w.asha.id,
        conversationId: convId,
        text: "Once only",
        idempotencyKey: key,
      });
    const [a, b] = await Promise.all([send(), send()]);
    const c = await send(); // a retry after a lost answer
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (!a.ok || !b.ok || !c.ok) return;
    expect(b.messageId).toBe(a.messageId);
    expect(c.messageId).toBe(a.messageId);
    expect(await outbound(convId)).toHaveLength(1);
    await until(async () => (await outbound(convId))[0].status === "sent", "sent");
    expect(sentTexts().filter((t) => t === "Once only")).toHaveLength(1);
  });

  it("a key used for another conversation is refused and changes nothing", async () => {
    const one = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId(), "a");
    const two = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId(), "b");
    const key = randomUUID();
    const first = await reply(ctx.db, {
      memberId: w.asha.id,
      conversationId: one,
      text: "x",
      idempotencyKey: key,
    });
    expect(first.ok).toBe(true);
    const reused = await reply(ctx.db, {
      memberId: w.asha.id,
      conversationId: two,
      text: "y",
      idempotencyKey: key,
    });
    expect(reused.ok).toBe(false);
    if (!reused.ok) expect(reused.code).toBe("invalid_input");
    expect(await outbound(two)).toHaveLength(0);
  });

  it("a refused send keeps nothing under its key: the same key works once the send is allowed", async () => {
    const convId = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId(), "c");
    const key = randomUUID();
    const empty = await reply(ctx.db, {
      memberId: w.asha.id,
      conversationId: convId,
      text: "  ",
      idempotencyKey: key,
    });
    expect(empty.ok).toBe(false);
    const ok = await reply(ctx.db, {
      memberId: w.asha.id,
      conversationId: convId,
      text: "now",
      idempotencyKey: key,
    });
    expect(ok.ok).toBe(true);
  });

  it("Retry pressed twice on a failed message: one more Graph request", async () => {
    await until(
      async () =>
        (
          await ctx.db
            .select()
            .from(messages)
            .where(inArray(messages.status, ["queued", "sending"]))
        ).length === 0,
      "earlier sends done",
    );
    graph.script(graphError(131026, 400, "Message undeliverable"));
    const convId = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId(), "d");
    const r = await reply(ctx.db, { memberId: w.asha.id, conversationId: convId, text: "retry me" });
    if (!r.ok) throw new Error(r.message);
    const status = async () => (await outbound(convId))[0].status;
    await until(async () => (await status()) === "failed", "failed");
    const key = randomUUID();
    const again = () =>
      retryFailedMessage(ctx.db, { memberId: w.asha.id, messageId: r.messageId, idempotencyKey: key });
    const [a, b] = await Promise.all([again(), again()]);
    expect(a.ok && b.ok).toBe(true);
    await until(async () => (await status()) === "sent", "sent after retry");
    expect((await again()).ok).toBe(true);
    await until(async () => (await worker.runOnce()) === 0, "idle");
    expect(sentTexts().filter((t) => t === "retry me")).toHaveLength(2);
  });

  it("a campaign created twice with one key: one campaign, one request per recipient", async () => {
    const [t] = await ctx.db
      .insert(templates)
      .values({ businessId: w.biz.id, name: `hello_${Date.now()}`, language: "en_US", body: "Hello!" })
      .returning();
    const key = randomUUID();
    const recipients = [newWaId(), newWaId(), newWaId()].map((x) => `+${x}`).join("\n");
    const create = () =>
      createCampaign(ctx.db, {
        memberId: w.admin.id,
        name: "Once",
        templateId: t.id,
        numberId: w.numbers[0].id,
        recipients,
        params: [],
        idempotencyKey: key,
      });
    const [a, b] = await Promise.all([create(), create()]);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(b.campaignId).toBe(a.campaignId);
    const mine = await ctx.db.select().from(campaigns).where(eq(campaigns.templateId, t.id));
    expect(mine).toHaveLength(1);
    const rows = () =>
      ctx.db
        .select()
        .from(messages)
        .where(inArray(messages.campaignId, [a.campaignId]));
    expect(await rows()).toHaveLength(3);
    await until(async () => (await rows()).every((m) => m.status === "sent"), "campaign sent");
    expect(
      graph.sends().filter((s) => (s.body?.template as { name?: string })?.name === t.name),
    ).toHaveLength(3);
  });
});
