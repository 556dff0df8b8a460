import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { setGlobalClient } from "../../db/client";
import { conversations, customers, messages, templates } from "../../db/schema";
import { RecordingPublisher, setPublisher } from "../../lib/realtime/publisher";
import { reply } from "../../lib/services/conversations/reply";
import { GraphTransport } from "../../lib/whatsapp/outbox/graph-transport";
import { OutboxWorker } from "../../lib/whatsapp/outbox/worker";
import { waitFor } from "../faults/harness/wait-for";
import { describeEachDb } from "../helpers/db";
import { makeBusiness, newWaId, type World } from "../helpers/factory";
import { FakeGraph } from "../helpers/fake-graph";
import { customerBody, installTestConfig, postWebhook, text } from "../helpers/webhook-fixtures";

/**
 * SPEC §1: replies leave from the number the customer wrote to. A business with two numbers; the
 * customer writes to the second one (through the real, signed webhook). The member's reply and a
 * template sent in that conversation must reach the Graph API at /{second phone_number_id}/messages
 * — the customer would otherwise get the answer from a number they never wrote to.
 */
describeEachDb("replies leave from the number the customer wrote to", (ctx) => {
  let w: World;
  const graph = new FakeGraph();
  let worker: OutboxWorker;

  beforeAll(async () => {
    installTestConfig();
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

  it("a reply and a template in a conversation on the second number go out through that number", async () => {
    const [first, second] = w.numbers;
    const waId = newWaId();
    const r = await postWebhook(customerBody(second.phoneNumberId, waId, [text(waId, "Support, help!")]));
    expect(r.status).toBe(200);
    const [conv] = await ctx.db
      .select({ id: conversations.id, numberId: conversations.numberId })
      .from(conversations)
      .innerJoin(customers, eq(customers.id, conversations.customerId))
      .where(and(eq(customers.businessId, w.biz.id), eq(customers.waId, waId)));
    expect(conv.numberId).toBe(second.id);

    const answered = await reply(ctx.db, { memberId: w.asha.id, conversationId: conv.id, text: "On it." });
    if (!answered.ok) throw new Error(answered.message);
    const [t] = await ctx.db
      .insert(templates)
      .values({ businessId: w.biz.id, name: `follow_up_${Date.now()}`, language: "en_US", body: "Hi {{1}}" })
      .returning();
    const templated = await reply(ctx.db, {
      memberId: w.asha.id,
      conversationId: conv.id,
      template: { templateId: t.id, params: ["Maria"] },
    });
    if (!templated.ok) throw new Error(templated.message);
    worker.kick();

    const ids = [answered.messageId, templated.messageId];
    await waitFor(
      "both messages to be sent",
      async () => {
        const rows = await ctx.db.select().from(messages).where(inArray(messages.id, ids));
        return rows.length === 2 && rows.every((m) => m.status === "sent");
      },
      { timeoutMs: 30_000 },
    );
    const sends = graph.sends();
    expect(sends.map((s) => s.body?.type).sort()).toEqual(["template", "text"]);
    expect(sends.map((s) => s.path)).toEqual([
      `/${second.phoneNumberId}/messages`,
      `/${second.phoneNumberId}/messages`,
    ]);
    expect(sends.map((s) => s.body?.to)).toEqual([`+${waId}`, `+${waId}`]);
    expect(graph.requests.some((q) => q.path.includes(first.phoneNumberId))).toBe(false);
  });
});
