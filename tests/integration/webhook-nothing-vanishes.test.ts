import fc from "fast-check";
import { inArray, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { setGlobalClient } from "../../db/client";
import { messages, webhookDeliveries, webhookFailedItems } from "../../db/schema";
import { listDeadWebhookItems } from "../../lib/services/settings/failed-webhooks";
import { MAX_ITEM_ATTEMPTS, retryDueItems } from "../../lib/whatsapp/failed-items";
import { describeEachDb } from "../helpers/db";
import { makeBusiness, newWamid, newWaId, type World } from "../helpers/factory";
import {
  contact,
  envelope,
  installTestConfig,
  msg,
  postWebhook,
  text,
  value,
} from "../helpers/webhook-fixtures";

const POISON = "wamid.vanish.poison";

/**
 * SPEC §8: every acknowledged webhook is processed item by item, and an item that cannot be
 * processed is retried and finally shown to admins — never dropped. Random signed deliveries
 * (1–6 messages of two types over both numbers, some repeated inside the delivery, some
 * deliveries sent again as Meta retries them), some items poisoned by a real database fault (a
 * trigger raising for their wamid). After every delivery answered 200, each of its messages is
 * either in the inbox exactly once, or a failed item carrying the reason and a next attempt;
 * never both, never neither. Then, on simulated time, each failed one goes dead and is listed in
 * Settings' "Failed webhook updates".
 */
describeEachDb("webhook: every accepted item is applied or recorded as failed", (ctx) => {
  let w: World;
  const poisoned = new Set<string>();

  beforeAll(async () => {
    installTestConfig();
    setGlobalClient(ctx.raw);
    w = await makeBusiness(ctx.db);
    await ctx.db.execute(
      sql.raw(`create function refuse_vanish_poison() returns trigger language plpgsql as $$
        begin
          if new.wamid like '${POISON}%' then raise exception 'poisoned message %', new.wamid; end if;
          return new;
        end $$`),
    );
    await ctx.db.execute(
      sql.raw(
        "create trigger refuse_vanish_poison before insert on messages for each row execute function refuse_vanish_poison()",
      ),
    );
  });

  const itemArb = fc.record({
    number: fc.constantFrom(0, 1),
    poison: fc.boolean(),
    kind: fc.constantFrom("text", "image"),
    repeated: fc.boolean(),
  });

  it("random deliveries: nothing accepted vanishes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(itemArb, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        async (items, resent) => {
          const values = [];
          const wamids: string[] = [];
          for (const it of items) {
            const waId = newWaId();
            const id = it.poison ? `${POISON}.${newWamid()}` : newWamid();
            const m =
              it.kind === "text"
                ? text(waId, "hello", { id })
                : msg(waId, "image", { mime_type: "image/jpeg", sha256: "x", id: `${Date.now()}` }, { id });
            // Meta may put the same message twice into one delivery.
            const ms = it.repeated ? [m, m] : [m];
            values.push(
              value({
                phoneNumberId: w.numbers[it.number].phoneNumberId,
                contacts: [contact(waId)],
                messages: ms,
              }),
            );
            wamids.push(id);
            if (it.poison) poisoned.add(id);
          }
          const body = envelope([{ values }]);
          const before = Date.now();
          expect((await postWebhook(body)).status).toBe(200);
          if (resent) expect((await postWebhook(body)).status).toBe(200);

          const stored = await ctx.db
            .select({ wamid: messages.wamid })
            .from(messages)
            .where(inArray(messages.wamid, wamids));
          const failed = await ctx.db
            .select()
            .from(webhookFailedItems)
            .where(
              inArray(
                webhookFailedItems.itemKey,
                wamids.map((id) => `message:${id}`),
              ),
            );
          for (const id of wamids) {
            const inInbox = stored.filter((s) => s.wamid === id).length;
            const asFailed = failed.filter((f) => f.itemKey === `message:${id}`);
            if (poisoned.has(id)) {
              expect(inInbox, id).toBe(0);
              expect(asFailed, id).toHaveLength(1);
              expect(asFailed[0].lastError).toMatch(/poisoned message/);
              expect(asFailed[0].businessId).toBe(w.biz.id);
              expect(asFailed[0].deadAt).toBeNull();
              expect(asFailed[0].nextAttemptAt!.getTime()).toBeGreaterThan(before);
            } else {
              expect(inInbox, id).toBe(1);
              expect(asFailed, id).toHaveLength(0);
            }
          }
          // The deliveries themselves are done with: nothing left for the delivery sweep.
          const open = await ctx.db
            .select({ id: webhookDeliveries.id })
            .from(webhookDeliveries)
            .where(sql`${webhookDeliveries.processedAt} is null`);
          expect(open).toEqual([]);
        },
      ),
      { numRuns: ctx.kind === "postgres" ? 25 : 15 },
    );
    expect(poisoned.size).toBeGreaterThan(0);
  });

  it("each failed one backs off to its last attempt and is then listed for admins with its reason", async () => {
    const load = () =>
      ctx.db
        .select()
        .from(webhookFailedItems)
        .where(
          inArray(
            webhookFailedItems.itemKey,
            [...poisoned].map((id) => `message:${id}`),
          ),
        );
    // Simulated time: a sweep a little after the latest next attempt, until none is due.
    for (let sweep = 0; sweep < MAX_ITEM_ATTEMPTS + 2; sweep++) {
      const rows = await load();
      const due = rows.filter((r) => r.nextAttemptAt);
      if (!due.length) break;
      const now = new Date(Math.max(...due.map((r) => r.nextAttemptAt!.getTime())) + 1);
      await retryDueItems(ctx.db, { now, limit: 1000 });
    }
    const rows = await load();
    expect(rows).toHaveLength(poisoned.size);
    for (const r of rows) {
      expect(r.attempts).toBe(MAX_ITEM_ATTEMPTS);
      expect(r.deadAt).not.toBeNull();
    }
    const listed = await listDeadWebhookItems(ctx.db, { actorId: w.admin.id });
    if (!listed.ok) throw new Error(listed.message);
    expect(listed.items.map((i) => i.subject).sort()).toEqual([...poisoned].sort());
    expect(listed.items.every((i) => /poisoned message/.test(i.reason))).toBe(true);
    expect(
      await ctx.db
        .select({ id: messages.id })
        .from(messages)
        .where(inArray(messages.wamid, [...poisoned])),
    ).toEqual([]);
  });
});
