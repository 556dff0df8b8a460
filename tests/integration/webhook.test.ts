import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { setGlobalClient } from "../../db/client";
import {
  conversations,
  customers,
  messages,
  unroutableWebhooks,
  webhookDeliveries,
  webhookFailedItems,
} from "../../db/schema";
import { signBody, escapeNonAscii } from "../../lib/whatsapp/signature";
import { describeEachDb } from "../helpers/db";
import { makeBusiness, newWamid, newWaId, type World } from "../helpers/factory";
import {
  contact,
  customerBody,
  envelope,
  postWebhook,
  signedRequest,
  text,
  ts,
  TEST_VERIFY_TOKEN,
  installTestConfig,
  value,
} from "../helpers/webhook-fixtures";

describeEachDb("webhook route: handshake, signatures, storing", (ctx) => {
  let w: World;
  const deliveryCount = async () =>
    (await ctx.db.select({ id: webhookDeliveries.id }).from(webhookDeliveries)).length;
  const messagesOf = (businessId: string) =>
    ctx.db.select().from(messages).where(eq(messages.businessId, businessId));

  beforeAll(async () => {
    installTestConfig();
    setGlobalClient(ctx.raw);
    w = await makeBusiness(ctx.db);
  });

  it("answers the subscription handshake with the challenge, and 403 otherwise", async () => {
    const { GET } = await import("../../app/api/webhooks/whatsapp/route");
    const ok = GET(
      new Request(
        `http://x/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${TEST_VERIFY_TOKEN}&hub.challenge=1158201444`,
      ),
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    expect(
      GET(
        new Request(
          "http://x/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1",
        ),
      ).status,
    ).toBe(403);
    expect(
      GET(
        new Request(
          `http://x/api/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=${TEST_VERIFY_TOKEN}&hub.challenge=1`,
        ),
      ).status,
    ).toBe(403);
  });

  it("refuses missing, wrong and other-secret signatures with 401 and stores nothing", async () => {
    const before = await deliveryCount();
    const body = customerBody(w.numbers[0].phoneNumberId, newWaId(), [text("x", "hi")]);
    expect((await postWebhook(body, { signature: null })).status).toBe(401);
    expect((await postWebhook(body, { signature: "sha256=deadbeef" })).status).toBe(401);
    expect((await postWebhook(body, { signature: `sha256=${"0".repeat(64)}` })).status).toBe(401);
    expect((await postWebhook(body, { secret: "someone-elses-secret" })).status).toBe(401);
    expect((await postWebhook(body, { signature: "md5=abc" })).status).toBe(401);
    expect(await deliveryCount()).toBe(before);
    expect(await messagesOf(w.biz.id)).toHaveLength(0);
  });

  it("answers 400 to a signed body that is not JSON, 413 over 3 MB, storing nothing", async () => {
    const before = await deliveryCount();
    expect((await postWebhook("{not json")).status).toBe(400);
    expect((await postWebhook('{"object":"whatsapp_business_account","entry":"nope"}')).status).toBe(400);
    const big = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [],
      pad: "x".repeat(3 * 1024 * 1024),
    });
    expect((await postWebhook(big)).status).toBe(413);
    expect(await deliveryCount()).toBe(before);
  });

  it("accepts the raw bytes as signed, including escaped slashes", async () => {
    const waId = newWaId();
    const wamid = newWamid();
    // Meta escapes "/" as "\/": hashing a re-serialised body would fail (WHATSAPP.md §2).
    const raw = JSON.stringify(
      customerBody(w.numbers[0].phoneNumberId, waId, [text(waId, "see https://x.test/a", { id: wamid })]),
    ).replace(/\//g, "\\/");
    const { POST } = await import("../../app/api/webhooks/whatsapp/route");
    expect((await POST(signedRequest(raw))).status).toBe(200);
    const [m] = await ctx.db.select().from(messages).where(eq(messages.wamid, wamid));
    expect(m.body).toBe("see https://x.test/a");
  });

  it("accepts a signature over the escaped-unicode form of a non-ASCII body", async () => {
    const waId = newWaId();
    const wamid = newWamid();
    const raw = JSON.stringify(
      customerBody(w.numbers[0].phoneNumberId, waId, [text(waId, "äöå 👍", { id: wamid })], "José"),
    );
    const { POST } = await import("../../app/api/webhooks/whatsapp/route");
    const res = await POST(
      signedRequest(raw, { signature: signBody(escapeNonAscii(raw), "test-app-secret") }),
    );
    expect(res.status).toBe(200);
    const [m] = await ctx.db.select().from(messages).where(eq(messages.wamid, wamid));
    expect(m.body).toBe("äöå 👍");
    expect(escapeNonAscii("äöå")).toBe("\\u00e4\\u00f6\\u00e5");
  });

  it("stores the delivery before answering and marks it processed", async () => {
    const waId = newWaId();
    const before = await deliveryCount();
    const r = await postWebhook(customerBody(w.numbers[0].phoneNumberId, waId, [text(waId, "stored?")]));
    expect(r.status).toBe(200);
    expect(await deliveryCount()).toBe(before + 1);
    const rows = await ctx.db.select().from(webhookDeliveries);
    expect(rows.every((d) => d.processedAt !== null)).toBe(true);
  });

  it("a text to two numbers of one business makes two Open conversations, one per number, at Meta's time", async () => {
    const waId = newWaId();
    const at = new Date(Date.now() - 3 * 60_000);
    at.setMilliseconds(0);
    for (const n of w.numbers) {
      expect(
        (
          await postWebhook(
            customerBody(n.phoneNumberId, waId, [text(waId, `to ${n.label}`, { timestamp: ts(at) })]),
          )
        ).status,
      ).toBe(200);
    }
    const [cust] = await ctx.db
      .select()
      .from(customers)
      .where(and(eq(customers.businessId, w.biz.id), eq(customers.waId, waId)));
    const convs = await ctx.db.select().from(conversations).where(eq(conversations.customerId, cust.id));
    expect(convs).toHaveLength(2);
    expect(new Set(convs.map((c) => c.numberId))).toEqual(new Set(w.numbers.map((n) => n.id)));
    expect(convs.every((c) => c.state === "open")).toBe(true);
    const msgs = await ctx.db.select().from(messages).where(eq(messages.customerId, cust.id));
    expect(msgs.map((m) => m.sentAt.getTime())).toEqual([at.getTime(), at.getTime()]);
  });

  it("processes every entry, change and message of a batch, joining contacts on wa_id whatever their order", async () => {
    const [a, b, c] = [newWaId(), newWaId(), newWaId()];
    const ids = [newWamid(), newWamid(), newWamid(), newWamid()];
    const body = envelope([
      {
        values: [
          value({
            phoneNumberId: w.numbers[0].phoneNumberId,
            // contacts in another order than the messages
            contacts: [contact(c, "Carol"), contact(a, "Alice"), contact(b, "Bob")],
            messages: [
              text(a, "from Alice", { id: ids[0] }),
              text(b, "from Bob", { id: ids[1] }),
              text(c, "from Carol", { id: ids[2] }),
            ],
          }),
        ],
      },
      {
        values: [
          value({
            phoneNumberId: w.numbers[1].phoneNumberId,
            contacts: [contact(a, "Alice")],
            messages: [text(a, "Alice again", { id: ids[3] })],
          }),
        ],
      },
    ]);
    expect((await postWebhook(body)).status).toBe(200);
    const rows = await ctx.db
      .select({
        wamid: messages.wamid,
        body: messages.body,
        name: customers.profileName,
        waId: customers.waId,
      })
      .from(messages)
      .innerJoin(customers, eq(customers.id, messages.customerId))
      .where(inArray(messages.wamid, ids));
    const byWamid = new Map(rows.map((r) => [r.wamid, r]));
    expect(byWamid.get(ids[0])).toMatchObject({ body: "from Alice", name: "Alice", waId: a });
    expect(byWamid.get(ids[1])).toMatchObject({ body: "from Bob", name: "Bob", waId: b });
    expect(byWamid.get(ids[2])).toMatchObject({ body: "from Carol", name: "Carol", waId: c });
    expect(byWamid.get(ids[3])).toMatchObject({ body: "Alice again", waId: a });
  });

  it("stores the same wamid once, however often it is delivered", async () => {
    const waId = newWaId();
    const wamid = newWamid();
    const body = customerBody(w.numbers[0].phoneNumberId, waId, [
      text(waId, "twice", { id: wamid }),
      text(waId, "twice", { id: wamid }),
    ]);
    expect((await postWebhook(body)).status).toBe(200);
    expect((await postWebhook(body)).status).toBe(200);
    expect(await ctx.db.select().from(messages).where(eq(messages.wamid, wamid))).toHaveLength(1);
  });

  it("a username-only customer (user_id, no wa_id) gets a conversation keyed on user_id", async () => {
    const userId = `US.${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    const wamid = newWamid();
    const body = envelope([
      {
        values: [
          value({
            phoneNumberId: w.numbers[0].phoneNumberId,
            contacts: [{ profile: { name: "Uma", username: "@uma" }, user_id: userId }],
            messages: [
              {
                from_user_id: userId,
                id: wamid,
                timestamp: ts(),
                type: "text",
                text: { body: "hi from a username" },
              },
            ],
          }),
        ],
      },
    ]);
    expect((await postWebhook(body)).status).toBe(200);
    const [cust] = await ctx.db.select().from(customers).where(eq(customers.userId, userId));
    expect(cust).toMatchObject({ waId: null, username: "@uma", profileName: "Uma" });
    const convs = await ctx.db.select().from(conversations).where(eq(conversations.customerId, cust.id));
    expect(convs).toHaveLength(1);
    expect(convs[0].state).toBe("open");
  });

  it("acknowledges a number no business owns and keeps it in unroutable_webhooks", async () => {
    const ghost = "399999999999999";
    const waId = newWaId();
    const r = await postWebhook(customerBody(ghost, waId, [text(waId, "anyone there?")]));
    expect(r.status).toBe(200);
    const rows = await ctx.db
      .select()
      .from(unroutableWebhooks)
      .where(eq(unroutableWebhooks.phoneNumberId, ghost));
    expect(rows).toHaveLength(1);
    expect(rows[0].deliveryId).not.toBeNull();
    expect(await ctx.db.select().from(customers).where(eq(customers.waId, waId))).toHaveLength(0);
  });

  it("a message whose processing failed is retried later on its own, and nothing is lost", async () => {
    const waId = newWaId();
    const wamid = newWamid();
    // Make this one message's insert fail once, as a database hiccup would.
    await ctx.db.execute(
      `create or replace function sb_test_fail() returns trigger as $$ begin if new.body = 'explode' then raise exception 'boom'; end if; return new; end $$ language plpgsql` as never,
    );
    await ctx.db.execute(
      "create trigger sb_test_fail before insert on messages for each row execute function sb_test_fail()" as never,
    );
    const r = await postWebhook(
      customerBody(w.numbers[0].phoneNumberId, waId, [text(waId, "explode", { id: wamid })]),
    );
    await ctx.db.execute("drop trigger sb_test_fail on messages" as never);
    expect(r.status).toBe(200);
    expect(await ctx.db.select().from(messages).where(eq(messages.wamid, wamid))).toHaveLength(0);
    // The delivery is done; the one item that failed waits for its retry, with the reason.
    const [failed] = await ctx.db
      .select()
      .from(webhookFailedItems)
      .where(eq(webhookFailedItems.itemKey, `message:${wamid}`));
    expect(failed).toMatchObject({ attempts: 1, deadAt: null });
    expect(failed.lastError).toMatch(/boom/);
    const { retryDueItems } = await import("../../lib/whatsapp/failed-items");
    expect(await retryDueItems(ctx.db, { now: new Date(Date.now() + 60 * 60_000) })).toBeGreaterThanOrEqual(
      1,
    );
    expect(await ctx.db.select().from(messages).where(eq(messages.wamid, wamid))).toHaveLength(1);
    expect(
      await ctx.db.select().from(webhookFailedItems).where(eq(webhookFailedItems.id, failed.id)),
    ).toEqual([]);
    expect((await ctx.db.select().from(webhookDeliveries)).every((d) => d.processedAt !== null)).toBe(true);
  });

  it("ignores other webhook fields but stores them", async () => {
    const before = await deliveryCount();
    const body = {
      object: "whatsapp_business_account",
      entry: [
        { id: "1", changes: [{ field: "message_template_status_update", value: { event: "APPROVED" } }] },
      ],
    };
    expect((await postWebhook(body)).status).toBe(200);
    expect(await deliveryCount()).toBe(before + 1);
  });
});
