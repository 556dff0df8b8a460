import { eq, inArray } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import {
  idempotencyKeys,
  loginAttempts,
  messages,
  messageStatusEvents,
  unroutableWebhooks,
  webhookDeliveries,
  webhookFailedItems,
} from "../../db/schema";
import { pruneOnce } from "../../lib/jobs/retention";
import { parseConfig } from "../../lib/config";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWamid, newWaId, type World } from "../helpers/factory";

const DAY = 24 * 3600_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

describeEachDb("retention of webhook bodies, failed sign-ins and status events", (ctx) => {
  let w: World;
  beforeAll(async () => {
    w = await makeBusiness(ctx.db);
  });

  const delivery = async (receivedDaysAgo: number, processedDaysAgo: number | null) =>
    (
      await ctx.db
        .insert(webhookDeliveries)
        .values({
          body: { object: "whatsapp_business_account", entry: [] },
          receivedAt: ago(receivedDaysAgo),
          processedAt: processedDaysAgo === null ? null : ago(processedDaysAgo),
          nextAttemptAt: processedDaysAgo === null ? ago(receivedDaysAgo) : null,
        })
        .returning()
    )[0].id;

  it("defaults: 30 days for webhook bodies and failed sign-ins, 90 for status events; bad values stop the server", () => {
    const base = {
      AUTH_SECRET: "x",
      WHATSAPP_APP_SECRET: "x",
      WHATSAPP_VERIFY_TOKEN: "x",
      DATA_DIR: "/tmp/sb-ret",
    };
    expect(parseConfig(base).retention).toEqual({
      webhookDays: 30,
      loginAttemptDays: 30,
      statusEventDays: 90,
      mediaCacheDays: 30,
    });
    expect(
      parseConfig({
        ...base,
        WEBHOOK_RETENTION_DAYS: "7",
        LOGIN_ATTEMPT_RETENTION_DAYS: "1",
        STATUS_EVENT_RETENTION_DAYS: "365",
      }).retention,
    ).toEqual({ webhookDays: 7, loginAttemptDays: 1, statusEventDays: 365, mediaCacheDays: 30 });
    expect(() => parseConfig({ ...base, WEBHOOK_RETENTION_DAYS: "-1" })).toThrow(/WEBHOOK_RETENTION_DAYS/);
    expect(() => parseConfig({ ...base, STATUS_EVENT_RETENTION_DAYS: "soon" })).toThrow(
      /STATUS_EVENT_RETENTION_DAYS/,
    );
  });

  it("prunes old rows in bounded batches, keeps fresh and unprocessed ones and what failed items still need", async () => {
    const oldProcessed = await Promise.all([delivery(40, 40), delivery(45, 44), delivery(50, 50)]);
    const freshProcessed = await delivery(2, 2);
    const oldUnprocessed = await delivery(60, null);
    const oldWithLiveItem = await delivery(40, 40);
    const oldWithDeadItem = await delivery(40, 40);
    const item = { kind: "message", phoneNumberId: w.numbers[0].phoneNumberId, contact: null, message: {} };
    await ctx.db.insert(webhookFailedItems).values([
      {
        deliveryId: oldWithLiveItem,
        businessId: w.biz.id,
        kind: "message",
        itemKey: `k-${newWamid()}`,
        item,
        lastError: "x",
        nextAttemptAt: new Date(),
      },
      {
        deliveryId: oldWithDeadItem,
        businessId: w.biz.id,
        kind: "message",
        itemKey: `k-${newWamid()}`,
        item,
        lastError: "x",
        deadAt: ago(35),
        attempts: 8,
      },
    ]);
    const [oldUnroutable, freshUnroutable] = await ctx.db
      .insert(unroutableWebhooks)
      .values([
        {
          deliveryId: oldProcessed[0],
          entryId: w.biz.wabaId,
          phoneNumberId: "1",
          value: {},
          receivedAt: ago(40),
        },
        {
          deliveryId: freshProcessed,
          entryId: w.biz.wabaId,
          phoneNumberId: "2",
          value: {},
          receivedAt: ago(2),
        },
      ])
      .returning();
    const [oldLogin, freshLogin] = await ctx.db
      .insert(loginAttempts)
      .values([
        { email: "a@t.test", ip: "127.0.0.1", at: ago(31) },
        { email: "a@t.test", ip: "127.0.0.1", at: ago(1) },
      ])
      .returning();

    // A message whose status history is old: the history goes, its current status stays.
    await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId(), "hello");
    const [msg] = await ctx.db.select().from(messages).where(eq(messages.businessId, w.biz.id)).limit(1);
    const [oldWamid, freshWamid] = [newWamid(), newWamid()];
    await ctx.db.update(messages).set({ wamid: oldWamid, status: "read" }).where(eq(messages.id, msg.id));
    await ctx.db.insert(messageStatusEvents).values([
      { wamid: oldWamid, status: "delivered", occurredAt: ago(100), createdAt: ago(100) },
      { wamid: oldWamid, status: "read", occurredAt: ago(95), createdAt: ago(95) },
      { wamid: freshWamid, status: "delivered", occurredAt: ago(3), createdAt: ago(3) },
    ]);

    // Send keys answer a repeated press for a day, then go.
    await ctx.db.insert(idempotencyKeys).values([
      { businessId: w.biz.id, key: "old-key", action: "reply:x", createdAt: ago(2) },
      { businessId: w.biz.id, key: "fresh-key", action: "reply:x", createdAt: new Date() },
    ]);

    const days = { webhookDays: 30, loginAttemptDays: 30, statusEventDays: 90, mediaCacheDays: 30 };
    // A batch of one row and at most two per table per run: the run is bounded, the next one goes on.
    const first = await pruneOnce(ctx.db, days, { batch: 1, maxBatches: 2 });
    expect(first.deliveries).toBe(2);
    let all = await pruneOnce(ctx.db, days);
    while (Object.values(all).some(Boolean)) all = await pruneOnce(ctx.db, days);

    const left = (await ctx.db.select({ id: webhookDeliveries.id }).from(webhookDeliveries)).map((d) => d.id);
    for (const id of oldProcessed) expect(left).not.toContain(id);
    expect(left).toEqual(expect.arrayContaining([freshProcessed, oldUnprocessed, oldWithLiveItem]));
    // The dead item outlives its body: it still holds its own JSON for the admins' Retry.
    expect(left).not.toContain(oldWithDeadItem);
    const items = await ctx.db
      .select()
      .from(webhookFailedItems)
      .where(eq(webhookFailedItems.businessId, w.biz.id));
    expect(items).toHaveLength(2);
    expect(items.find((i) => i.deadAt)?.deliveryId).toBeNull();

    const unroutable = (await ctx.db.select({ id: unroutableWebhooks.id }).from(unroutableWebhooks)).map(
      (u) => u.id,
    );
    expect(unroutable).toEqual([freshUnroutable.id]);
    expect(unroutable).not.toContain(oldUnroutable.id);
    const keys = await ctx.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys);
    expect(keys.map((k) => k.key)).toEqual(["fresh-key"]);
    const logins = (await ctx.db.select({ id: loginAttempts.id }).from(loginAttempts)).map((l) => l.id);
    expect(logins).toEqual([freshLogin.id]);
    expect(logins).not.toContain(oldLogin.id);
    const events = await ctx.db
      .select({ wamid: messageStatusEvents.wamid })
      .from(messageStatusEvents)
      .where(inArray(messageStatusEvents.wamid, [oldWamid, freshWamid]));
    expect(events.map((e) => e.wamid)).toEqual([freshWamid]);
    expect((await ctx.db.select().from(messages).where(eq(messages.id, msg.id)))[0].status).toBe("read");
  });
});
