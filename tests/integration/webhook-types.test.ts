import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { setGlobalClient } from "../../db/client";
import { conversations, customers, messages } from "../../db/schema";
import { reply } from "../../lib/services/conversations/reply";
import { resolve } from "../../lib/services/conversations/transition";
import { describeEachDb } from "../helpers/db";
import { makeBusiness, newWamid, newWaId, type World } from "../helpers/factory";
import { customerBody, msg, postWebhook, text, installTestConfig } from "../helpers/webhook-fixtures";

/** Every inbound type of WHATSAPP.md §3.3: type, readable body and the type object as payload. */
describeEachDb("webhook: every message type", (ctx) => {
  let w: World;
  beforeAll(async () => {
    installTestConfig();
    setGlobalClient(ctx.raw);
    w = await makeBusiness(ctx.db);
  });

  const media = {
    mime_type: "image/jpeg",
    sha256: "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
    id: "1479537139650973",
  };
  const cases: { type: string; obj: unknown; extra?: Record<string, unknown>; body: string | null }[] = [
    { type: "text", obj: { body: "Hello" }, body: "Hello" },
    { type: "image", obj: { ...media, caption: "my receipt" }, body: "my receipt" },
    { type: "video", obj: { ...media, mime_type: "video/mp4" }, body: null },
    {
      type: "audio",
      obj: { mime_type: "audio/ogg; codecs=opus", sha256: "x", id: "88", voice: true },
      body: "Voice message",
    },
    {
      type: "document",
      obj: { filename: "invoice.pdf", mime_type: "application/pdf", sha256: "x", id: "77" },
      body: "invoice.pdf",
    },
    { type: "sticker", obj: { mime_type: "image/webp", sha256: "x", id: "66", animated: false }, body: null },
    {
      type: "location",
      obj: { latitude: 38.9, longitude: -77.03, name: "Philz Coffee", address: "101 Forest Ave" },
      body: "Philz Coffee, 101 Forest Ave",
    },
    { type: "location", obj: { latitude: 1.5, longitude: 2.25 }, body: "1.5, 2.25" },
    {
      type: "contacts",
      obj: [
        {
          name: { formatted_name: "John Smith", first_name: "John" },
          phones: [{ phone: "+1 555 0100", wa_id: "15550100", type: "CELL" }],
        },
      ],
      body: "John Smith",
    },
    {
      type: "interactive",
      obj: { type: "button_reply", button_reply: { id: "b1", title: "Yes please" } },
      body: "Yes please",
    },
    {
      type: "interactive",
      obj: { type: "list_reply", list_reply: { id: "l1", title: "Option A", description: "d" } },
      body: "Option A",
    },
    {
      type: "button",
      obj: { payload: "Track order", text: "Track order" },
      extra: { context: { from: "15550001111", id: "wamid.ctx.button" } },
      body: "Track order",
    },
    {
      type: "unsupported",
      obj: { type: "edit" },
      extra: {
        errors: [
          {
            code: 131051,
            title: "Message type unknown",
            error_data: { details: "Message type is currently not supported." },
          },
        ],
      },
      body: "Unsupported message (edit): Message type is currently not supported.",
    },
    {
      type: "text",
      obj: { body: "I saw your ad" },
      extra: {
        referral: {
          source_url: "https://fb.me/x",
          source_id: "1",
          source_type: "ad",
          headline: "Spring sale",
          ctwa_clid: "abc",
        },
      },
      body: "I saw your ad",
    },
    {
      type: "order",
      obj: { catalog_id: "c", product_items: [{ product_retailer_id: "p", quantity: 1 }] },
      body: "Order: 1 item",
    },
  ];

  it("stores each type with a readable body and its object as payload", async () => {
    for (const c of cases) {
      const waId = newWaId();
      const wamid = newWamid();
      const r = await postWebhook(
        customerBody(w.numbers[0].phoneNumberId, waId, [
          msg(waId, c.type, c.obj, { id: wamid, ...(c.extra ?? {}) }),
        ]),
      );
      expect(r.status).toBe(200);
      const [m] = await ctx.db.select().from(messages).where(eq(messages.wamid, wamid));
      expect(m, c.type).toBeDefined();
      expect(m.type).toBe(c.type);
      expect(m.body).toBe(c.body);
      expect(m.payload?.[c.type]).toEqual(c.obj);
      if (c.extra?.referral) expect(m.payload?.referral).toEqual(c.extra.referral);
      if (c.extra?.context) expect(m.replyToWamid).toBe("wamid.ctx.button");
      expect(m.conversationId).not.toBeNull();
    }
  });

  it("keeps the media id, MIME type, sha256, caption and filename", async () => {
    const waId = newWaId();
    const wamid = newWamid();
    await postWebhook(
      customerBody(w.numbers[0].phoneNumberId, waId, [
        msg(
          waId,
          "document",
          { caption: "Q3", filename: "q3.pdf", mime_type: "application/pdf", sha256: "abc=", id: "555" },
          { id: wamid },
        ),
      ]),
    );
    const [m] = await ctx.db.select().from(messages).where(eq(messages.wamid, wamid));
    expect(m.payload?.document).toEqual({
      caption: "Q3",
      filename: "q3.pdf",
      mime_type: "application/pdf",
      sha256: "abc=",
      id: "555",
    });
    expect(m.body).toBe("Q3");
  });

  it("a reaction is stored on the reacted message's conversation but never reopens a Closed one; removal too", async () => {
    const waId = newWaId();
    const n = w.numbers[0];
    await postWebhook(customerBody(n.phoneNumberId, waId, [text(waId, "hi")]));
    const [cust] = await ctx.db
      .select()
      .from(customers)
      .where(and(eq(customers.businessId, w.biz.id), eq(customers.waId, waId)));
    const [conv] = await ctx.db.select().from(conversations).where(eq(conversations.customerId, cust.id));
    const sent = await reply(ctx.db, { memberId: w.asha.id, conversationId: conv.id, text: "Thanks!" });
    expect(sent.ok).toBe(true);
    const ourWamid = newWamid();
    await ctx.db
      .update(messages)
      .set({ wamid: ourWamid, status: "sent" })
      .where(eq(messages.id, sent.ok ? sent.messageId : ""));
    const resolved = await resolve(ctx.db, { memberId: w.asha.id, conversationId: conv.id });
    expect(resolved.ok).toBe(true);

    const like = newWamid();
    const unlike = newWamid();
    await postWebhook(
      customerBody(n.phoneNumberId, waId, [
        msg(waId, "reaction", { message_id: ourWamid, emoji: "👍" }, { id: like }),
      ]),
    );
    await postWebhook(
      customerBody(n.phoneNumberId, waId, [msg(waId, "reaction", { message_id: ourWamid }, { id: unlike })]),
    );
    const [r1] = await ctx.db.select().from(messages).where(eq(messages.wamid, like));
    const [r2] = await ctx.db.select().from(messages).where(eq(messages.wamid, unlike));
    expect(r1).toMatchObject({
      type: "reaction",
      body: "reacted 👍",
      conversationId: conv.id,
      replyToWamid: ourWamid,
    });
    expect(r2).toMatchObject({ type: "reaction", body: "removed a reaction", conversationId: conv.id });
    const convs = await ctx.db.select().from(conversations).where(eq(conversations.customerId, cust.id));
    expect(convs).toHaveLength(1);
    expect(convs[0].state).toBe("closed");
  });

  it("a reaction from a customer with no conversation creates none", async () => {
    const waId = newWaId();
    const wamid = newWamid();
    await postWebhook(
      customerBody(w.numbers[1].phoneNumberId, waId, [
        msg(waId, "reaction", { message_id: "wamid.unknown", emoji: "❤️" }, { id: wamid }),
      ]),
    );
    const [m] = await ctx.db.select().from(messages).where(eq(messages.wamid, wamid));
    expect(m.conversationId).toBeNull();
    const [cust] = await ctx.db.select().from(customers).where(eq(customers.waId, waId));
    expect(
      await ctx.db.select().from(conversations).where(eq(conversations.customerId, cust.id)),
    ).toHaveLength(0);
  });
});
