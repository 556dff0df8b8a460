import { count, eq, isNull } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { setGlobalClient } from "../../db/client";
import { messages, webhookDeliveries } from "../../db/schema";
import { INLINE_UPDATES } from "../../lib/whatsapp/receive";
import { describeEachDb } from "../helpers/db";
import { makeBusiness, newWaId, type World } from "../helpers/factory";
import { contact, envelope, postWebhook, text, installTestConfig, value } from "../helpers/webhook-fixtures";

describeEachDb("a large webhook batch", (ctx) => {
  let w: World;
  beforeAll(async () => {
    installTestConfig();
    setGlobalClient(ctx.raw);
    w = await makeBusiness(ctx.db);
  });

  it("is answered once stored, then every message lands; nothing is lost", async () => {
    const n = 300;
    expect(n).toBeGreaterThan(INLINE_UPDATES);
    const items = Array.from({ length: n }, (_, i) => {
      const waId = newWaId();
      return { c: contact(waId, `Customer ${i}`), m: text(waId, `batch message ${i}`) };
    });
    const body = envelope([
      {
        values: [
          value({
            phoneNumberId: w.numbers[0].phoneNumberId,
            contacts: items.map((x) => x.c),
            messages: items.map((x) => x.m),
          }),
        ],
      },
    ]);
    const r = await postWebhook(body);
    expect(r.status).toBe(200);
    // Stored durably before the 200.
    expect((await ctx.db.select({ n: count() }).from(webhookDeliveries))[0].n).toBeGreaterThanOrEqual(1);
    const stored = async () =>
      (await ctx.db.select({ n: count() }).from(messages).where(eq(messages.businessId, w.biz.id)))[0].n;
    await expect.poll(stored, { timeout: 60_000, interval: 200 }).toBe(n);
    await expect
      .poll(
        async () =>
          (
            await ctx.db
              .select({ n: count() })
              .from(webhookDeliveries)
              .where(isNull(webhookDeliveries.processedAt))
          )[0].n,
        {
          timeout: 10_000,
        },
      )
      .toBe(0);
  });
});
