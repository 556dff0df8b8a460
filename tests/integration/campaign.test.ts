import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setGlobalClient } from "../../db/client";
import { conversations, customers, messages, templates } from "../../db/schema";
import { RecordingPublisher, setPublisher } from "../../lib/realtime/publisher";
import { createCampaign } from "../../lib/services/campaigns/create";
import { getCampaign, listCampaigns } from "../../lib/services/campaigns/read";
import { parseRecipients } from "../../lib/services/campaigns/recipients";
import { GraphTransport } from "../../lib/whatsapp/outbox/graph-transport";
import { OutboxWorker } from "../../lib/whatsapp/outbox/worker";
import { describeEachDb } from "../helpers/db";
import { makeBusiness, newWamid, type World } from "../helpers/factory";
import { FakeGraph } from "../helpers/fake-graph";
import {
  envelope,
  msg,
  postWebhook,
  status,
  text,
  installTestConfig,
  value,
  contact,
} from "../helpers/webhook-fixtures";

async function until(check: () => Promise<boolean>, what: string, limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describeEachDb("campaigns", (ctx) => {
  let w: World;
  let templateId: string;
  const graph = new FakeGraph();
  let worker: OutboxWorker;

  beforeAll(async () => {
    installTestConfig();
    setGlobalClient(ctx.raw);
    setPublisher(new RecordingPublisher());
    await graph.start();
    w = await makeBusiness(ctx.db);
    const [t] = await ctx.db
      .insert(templates)
      .values({
        businessId: w.biz.id,
        name: "shipping_update",
        language: "en_US",
        body: "Hi {{1}}, your order {{2}} has shipped.",
        quickReplies: ["Track order", "Talk to us"],
      })
      .returning();
    templateId = t.id;
    worker = new OutboxWorker(ctx.db, {
      transport: new GraphTransport({ graphUrl: graph.url, accessToken: graph.token }),
      ratePerSecond: 80,
      pollMs: 20,
    }).start();
  });
  afterAll(async () => {
    await worker.stop();
    await graph.stop();
  });

  const base = () => ({
    memberId: w.admin.id,
    name: "Spring update",
    templateId,
    numberId: w.numbers[0].id,
    params: ["there", "#1042"],
  });

  it("agents and managers cannot send campaigns (checked on the server)", async () => {
    for (const m of [w.asha, w.manager]) {
      const r = await createCampaign(ctx.db, { ...base(), memberId: m.id, recipients: "+14155550100" });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.code).toBe("forbidden");
    }
  });

  it("refuses a list with no valid number, reporting the bad lines", async () => {
    const r = await createCampaign(ctx.db, { ...base(), recipients: "hello\n12345" });
    expect(r.ok).toBe(false);
  });

  it("200 recipients → 200 template requests at the rate limit, no conversation; one reply opens one conversation showing the campaign message", async () => {
    const numbers = Array.from({ length: 200 }, (_, i) => `+1415${String(7000000 + i)}`);
    const pasted = [...numbers, numbers[0], "not a number", "+0123"].join("\n");
    const r = await createCampaign(ctx.db, { ...base(), recipients: pasted });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.queued).toBe(200);
    expect(r.duplicates).toBe(1);
    expect(r.invalid.map((i) => i.line)).toEqual([202, 203]);
    worker.kick();

    await until(
      async () => (await getCampaign(ctx.db, w.biz.id, r.campaignId))!.totals.sent === 200,
      "all 200 sent",
      // A deadline, not a timing claim: on a busy 2-core machine the embedded database needs longer.
      90_000,
    );
    const sends = graph.sends();
    expect(sends).toHaveLength(200);
    expect(new Set(sends.map((s) => s.body?.to)).size).toBe(200);
    expect(sends[0].body).toMatchObject({
      type: "template",
      template: {
        name: "shipping_update",
        language: { code: "en_US" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "there" },
              { type: "text", text: "#1042" },
            ],
          },
          { sub_type: "quick_reply" },
          { sub_type: "quick_reply" },
        ],
      },
    });
    expect(
      await ctx.db.select().from(conversations).where(eq(conversations.businessId, w.biz.id)),
    ).toHaveLength(0);

    // Statuses come back per recipient and show in the totals.
    const camp = await ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.campaignId, r.campaignId), isNotNull(messages.wamid)));
    const phone = w.numbers[0].phoneNumberId;
    await postWebhook(
      envelope([
        {
          values: [
            value({
              phoneNumberId: phone,
              statuses: [
                status(camp[0].wamid!, "delivered"),
                status(camp[1].wamid!, "read"),
                status(camp[2].wamid!, "failed", { errors: [{ code: 131050 }] }),
              ],
            }),
          ],
        },
      ]),
    );
    const detail = (await getCampaign(ctx.db, w.biz.id, r.campaignId))!;
    expect(detail.totals).toMatchObject({ recipients: 200, delivered: 1, read: 1, failed: 1, sent: 197 });
    expect(detail.recipients.find((x) => x.status === "failed")?.errorMessage).toMatch(/stopped marketing/);
    expect((await listCampaigns(ctx.db, w.biz.id))[0].totals.recipients).toBe(200);

    // One recipient answers with a quick-reply tap on the template.
    const target = camp[5];
    const [cust] = await ctx.db.select().from(customers).where(eq(customers.id, target.customerId));
    const replyWamid = newWamid();
    await postWebhook(
      envelope([
        {
          values: [
            value({
              phoneNumberId: phone,
              contacts: [contact(cust.waId!, "Sam Rivera")],
              messages: [
                msg(
                  cust.waId!,
                  "button",
                  { payload: "Track order", text: "Track order" },
                  { id: replyWamid, context: { from: "15550100001", id: target.wamid } },
                ),
              ],
            }),
          ],
        },
      ]),
    );
    const convs = await ctx.db.select().from(conversations).where(eq(conversations.businessId, w.biz.id));
    expect(convs).toHaveLength(1);
    expect(convs[0].state).toBe("open");
    const [answer] = await ctx.db.select().from(messages).where(eq(messages.wamid, replyWamid));
    expect(answer.conversationId).toBe(convs[0].id);
    expect(answer.replyToWamid).toBe(target.wamid);
    // The campaign message it answers is found by that wamid, and stays out of the inbox.
    const [shown] = await ctx.db.select().from(messages).where(eq(messages.wamid, target.wamid!));
    expect(shown).toMatchObject({
      campaignId: r.campaignId,
      conversationId: null,
      body: "Hi there, your order #1042 has shipped.",
    });

    // A quoted text reply from another recipient works the same way.
    const other = camp[6];
    const [cust2] = await ctx.db.select().from(customers).where(eq(customers.id, other.customerId));
    await postWebhook(
      envelope([
        {
          values: [
            value({
              phoneNumberId: phone,
              contacts: [contact(cust2.waId!)],
              messages: [text(cust2.waId!, "When?", { context: { from: "15550100001", id: other.wamid } })],
            }),
          ],
        },
      ]),
    );
    expect(
      await ctx.db.select().from(conversations).where(eq(conversations.businessId, w.biz.id)),
    ).toHaveLength(2);
  }, 180_000);
});

describe("campaign recipient parsing", () => {
  it("validates E.164, removes duplicates and reports bad lines", () => {
    const p = parseRecipients(
      "+1 415 555 0100\n+14155550100\n0044 20 7946 0958\n\n415-555-0101\n+1 (415) 555-0102, +49 30 123456\n+12ab\n+123",
    );
    expect(p.waIds).toEqual(["14155550100", "442079460958", "14155550102", "4930123456"]);
    expect(p.duplicates).toBe(1);
    expect(p.invalid).toEqual([
      { line: 5, text: "415-555-0101", reason: "Start with + and the country code" },
      { line: 7, text: "+12ab", reason: "Only digits after the +" },
      { line: 8, text: "+123", reason: "An international number has 8 to 15 digits" },
    ]);
  });
});
