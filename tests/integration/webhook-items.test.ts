import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { setGlobalClient } from "../../db/client";
import { conversations, customers, messages, webhookDeliveries, webhookFailedItems } from "../../db/schema";
import { listDeadWebhookItems, retryDeadWebhookItem } from "../../lib/services/settings/failed-webhooks";
import { storeDelivery, retryUnprocessed } from "../../lib/whatsapp/deliveries";
import { itemBackoffMs, MAX_ITEM_ATTEMPTS, retryDueItems } from "../../lib/whatsapp/failed-items";
import { envelopeSchema } from "../../lib/whatsapp/webhook-schema";
import { describeEachDb } from "../helpers/db";
import { makeBusiness, newWamid, newWaId, type World } from "../helpers/factory";
import { contact, envelope, postWebhook, text, installTestConfig, value } from "../helpers/webhook-fixtures";
import { expectOk } from "../helpers/expect-ok";

describeEachDb("one bad item never loses the rest of a delivery", (ctx) => {
  let w: World;
  const wamidsStored = async (wamids: string[]) =>
    (
      await ctx.db.select({ wamid: messages.wamid }).from(messages).where(inArray(messages.wamid, wamids))
    ).map((r) => r.wamid);

  beforeAll(async () => {
    installTestConfig();
    setGlobalClient(ctx.raw);
    w = await makeBusiness(ctx.db);
  });

  it("a customer known once by wa_id and once by user_id writes with both: every message lands, on one merged customer", async () => {
    const number = w.numbers[0].phoneNumberId;
    const waId = newWaId();
    const userId = `US.${newWamid()}`;
    // First known by number only, then by username only: two customer records, two conversations.
    const byWa = text(waId, "hello from my number");
    const byUser = {
      from_user_id: userId,
      id: newWamid(),
      timestamp: byWa.timestamp,
      type: "text",
      text: { body: "hello from my username" },
    };
    expect(
      (
        await postWebhook(
          envelope([
            { values: [value({ phoneNumberId: number, contacts: [contact(waId)], messages: [byWa] })] },
          ]),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await postWebhook(
          envelope([
            {
              values: [
                value({
                  phoneNumberId: number,
                  contacts: [{ profile: { name: "Maria", username: "@maria" }, user_id: userId }],
                  messages: [byUser],
                }),
              ],
            },
          ]),
        )
      ).status,
    ).toBe(200);

    // One delivery of three: the middle one names both ids.
    const first = newWaId();
    const last = newWaId();
    const m1 = text(first, "first of three");
    const m2: Record<string, unknown> = { ...text(waId, "both of my ids"), from_user_id: userId };
    const m3 = text(last, "last of three");
    const r = await postWebhook(
      envelope([
        {
          values: [
            value({
              phoneNumberId: number,
              contacts: [contact(first), { ...contact(waId, "Maria"), user_id: userId }, contact(last)],
              messages: [m1, m2, m3],
            }),
          ],
        },
      ]),
    );
    expect(r.status).toBe(200);
    expect((await wamidsStored([m1.id as string, m2.id as string, m3.id as string])).sort()).toEqual(
      [m1.id, m2.id, m3.id].sort(),
    );

    // One customer carries both ids; the three messages of that person share one live conversation.
    const people = await ctx.db
      .select()
      .from(customers)
      .where(
        and(eq(customers.businessId, w.biz.id), or(eq(customers.waId, waId), eq(customers.userId, userId))),
      );
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({ waId, userId });
    const convs = await ctx.db.select().from(conversations).where(eq(conversations.customerId, people[0].id));
    expect(convs).toHaveLength(1);
    const thread = await ctx.db
      .select({ body: messages.body, customerId: messages.customerId })
      .from(messages)
      .where(eq(messages.conversationId, convs[0].id));
    expect(thread.map((t) => t.body).sort()).toEqual(
      ["both of my ids", "hello from my number", "hello from my username"].sort(),
    );
    expect(new Set(thread.map((t) => t.customerId))).toEqual(new Set([people[0].id]));
    // The business's tab counts still equal the rows.
    const [biz] = await ctx.db
      .execute<{ open_count: number; n: number }>(
        sql`select b.open_count, (select count(*)::int from conversations c where c.business_id = b.id and c.state = 'open') as n from businesses b where b.id = ${w.biz.id}`,
      )
      .then((x) => (Array.isArray(x) ? x : (x as { rows: { open_count: number; n: number }[] }).rows));
    expect(Number(biz.open_count)).toBe(Number(biz.n));
  });

  it("sixty poisoned deliveries do not starve a good one in the retry sweep", async () => {
    const poison = "wamid.poison.starve";
    await ctx.db.execute(
      sql.raw(`
      create or replace function refuse_poison_starve() returns trigger language plpgsql as $$
      begin
        if new.wamid like '${poison}%' then raise exception 'poisoned message %', new.wamid; end if;
        return new;
      end $$`),
    );
    await ctx.db.execute(
      sql.raw(
        "create trigger refuse_poison_starve before insert on messages for each row execute function refuse_poison_starve()",
      ),
    );
    try {
      const number = w.numbers[1].phoneNumberId;
      const old = new Date(Date.now() - 10 * 60_000);
      // Stored, never processed (as after a crash), and older than the good one.
      for (let i = 0; i < 60; i++) {
        const waId = newWaId();
        const body = envelopeSchema.parse(
          envelope([
            {
              values: [
                value({
                  phoneNumberId: number,
                  contacts: [contact(waId)],
                  messages: [text(waId, `poison ${i}`, { id: `${poison}.${i}.${newWamid()}` })],
                }),
              ],
            },
          ]),
        );
        const id = await storeDelivery(ctx.db, body);
        await ctx.db
          .update(webhookDeliveries)
          .set({ receivedAt: old, nextAttemptAt: old })
          .where(eq(webhookDeliveries.id, id));
      }
      const waId = newWaId();
      const good = text(waId, "a good message");
      const goodId = await storeDelivery(
        ctx.db,
        envelopeSchema.parse(
          envelope([
            { values: [value({ phoneNumberId: number, contacts: [contact(waId)], messages: [good] })] },
          ]),
        ),
      );
      const oneMinuteAgo = new Date(Date.now() - 60_000);
      await ctx.db
        .update(webhookDeliveries)
        .set({ receivedAt: oneMinuteAgo, nextAttemptAt: oneMinuteAgo })
        .where(eq(webhookDeliveries.id, goodId));

      for (let sweep = 0; sweep < 4; sweep++) await retryUnprocessed(ctx.db);
      expect(await wamidsStored([good.id as string])).toEqual([good.id]);
      // Every delivery has been gone through; the poisoned items wait as failed items instead.
      const left = await ctx.db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(isNull(webhookDeliveries.processedAt));
      expect(left).toEqual([]);
    } finally {
      await ctx.db.execute(sql.raw("drop trigger if exists refuse_poison_starve on messages"));
    }
  });

  it("an item that keeps failing: the others land, it is retried with backoff, dead after the last attempt, shown to admins only, and Retry brings it in", async () => {
    const poison = "wamid.poison.dead";
    await ctx.db.execute(
      sql.raw(`
      create or replace function refuse_poison_dead() returns trigger language plpgsql as $$
      begin
        if new.wamid like '${poison}%' then raise exception 'poisoned message %', new.wamid; end if;
        return new;
      end $$`),
    );
    await ctx.db.execute(
      sql.raw(
        "create trigger refuse_poison_dead before insert on messages for each row execute function refuse_poison_dead()",
      ),
    );
    const number = w.numbers[0].phoneNumberId;
    const [a, b, c] = [newWaId(), newWaId(), newWaId()];
    const m1 = text(a, "before the bad one");
    const bad = text(b, "the bad one", { id: `${poison}.${newWamid()}` });
    const m3 = text(c, "after the bad one");
    const started = Date.now();
    try {
      const r = await postWebhook(
        envelope([
          {
            values: [
              value({
                phoneNumberId: number,
                contacts: [contact(a), contact(b), contact(c)],
                messages: [m1, bad, m3],
              }),
            ],
          },
        ]),
      );
      expect(r.status).toBe(200);
      expect((await wamidsStored([m1.id as string, bad.id as string, m3.id as string])).sort()).toEqual(
        [m1.id, m3.id].sort(),
      );
      const load = async () =>
        (
          await ctx.db
            .select()
            .from(webhookFailedItems)
            .where(eq(webhookFailedItems.itemKey, `message:${bad.id}`))
        )[0];
      let row = await load();
      expect(row).toMatchObject({ kind: "message", attempts: 1, deadAt: null, businessId: w.biz.id });
      expect(row.lastError).toMatch(/poisoned message/);
      expect(row.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(started + itemBackoffMs(1) - 1000);
      expect((row.item as { message: { id: string } }).message.id).toBe(bad.id);

      // Not due yet: a sweep now leaves it alone.
      await retryDueItems(ctx.db, { now: new Date() });
      expect((await load()).attempts).toBe(1);

      // On simulated time: each attempt when due, the wait doubling, dead after the last.
      for (let attempt = 2; attempt <= MAX_ITEM_ATTEMPTS; attempt++) {
        const now = new Date(row.nextAttemptAt!.getTime() + 1);
        // (a limit above the other tests' leftovers, which are due too)
        await retryDueItems(ctx.db, { now, limit: 500 });
        row = await load();
        expect(row.attempts).toBe(attempt);
        if (attempt < MAX_ITEM_ATTEMPTS) {
          expect(row.deadAt).toBeNull();
          expect(row.nextAttemptAt!.getTime() - now.getTime()).toBe(itemBackoffMs(attempt));
        } else {
          expect(row.deadAt).not.toBeNull();
          expect(row.nextAttemptAt).toBeNull();
        }
      }
      // Dead: no sweep takes it any more, however late.
      await retryDueItems(ctx.db, { now: new Date(Date.now() + 365 * 24 * 3600_000), limit: 500 });
      expect((await load()).attempts).toBe(MAX_ITEM_ATTEMPTS);

      // Admins and owners see it with the reason; an agent is refused; another business sees nothing.
      const mine = await listDeadWebhookItems(ctx.db, { actorId: w.admin.id });
      expect(expectOk(mine).items.map((i) => [i.subject, i.from, i.attempts])).toEqual([
        [bad.id, b, MAX_ITEM_ATTEMPTS],
      ]);
      expect(expectOk(mine).items[0].reason).toMatch(/poisoned message/);
      expect((await listDeadWebhookItems(ctx.db, { actorId: w.owner.id })).ok).toBe(true);
      expect(await listDeadWebhookItems(ctx.db, { actorId: w.asha.id })).toMatchObject({
        ok: false,
        code: "forbidden",
      });
      expect(await listDeadWebhookItems(ctx.db, { actorId: w.manager.id })).toMatchObject({
        ok: false,
        code: "forbidden",
      });
      const other = await makeBusiness(ctx.db);
      const theirs = await listDeadWebhookItems(ctx.db, { actorId: other.admin.id });
      expect(expectOk(theirs).items).toEqual([]);
      expect(await retryDeadWebhookItem(ctx.db, { actorId: other.admin.id, itemId: row.id })).toMatchObject({
        ok: false,
        code: "not_found",
      });
      expect(await retryDeadWebhookItem(ctx.db, { actorId: w.asha.id, itemId: row.id })).toMatchObject({
        ok: false,
        code: "forbidden",
      });

      // Still failing: Retry says so and it stays listed.
      expect(await retryDeadWebhookItem(ctx.db, { actorId: w.admin.id, itemId: row.id })).toMatchObject({
        ok: false,
      });
      expect((await load()).deadAt).not.toBeNull();
    } finally {
      await ctx.db.execute(sql.raw("drop trigger if exists refuse_poison_dead on messages"));
    }
    // The cause is fixed: Retry brings the message in and the list empties.
    expect(
      await retryDeadWebhookItem(ctx.db, {
        actorId: w.admin.id,
        itemId: (
          await ctx.db
            .select()
            .from(webhookFailedItems)
            .where(eq(webhookFailedItems.itemKey, `message:${bad.id}`))
        )[0].id,
      }),
    ).toMatchObject({ ok: true });
    expect(await wamidsStored([bad.id as string])).toEqual([bad.id]);
    const after = await listDeadWebhookItems(ctx.db, { actorId: w.admin.id });
    expect(expectOk(after).items).toEqual([]);
  });

  it("sixty items that keep failing do not starve one that can now be processed", async () => {
    const poison = "wamid.poison.items";
    await ctx.db.execute(
      sql.raw(`
      create or replace function refuse_poison_items() returns trigger language plpgsql as $$
      begin
        if new.wamid like '${poison}%' then raise exception 'poisoned message %', new.wamid; end if;
        return new;
      end $$`),
    );
    await ctx.db.execute(
      sql.raw(
        "create trigger refuse_poison_items before insert on messages for each row execute function refuse_poison_items()",
      ),
    );
    try {
      const phoneNumberId = w.numbers[1].phoneNumberId;
      const now = new Date(Date.now() + 24 * 3600_000);
      const itemFor = (id: string) => {
        const waId = newWaId();
        return {
          kind: "message",
          phoneNumberId,
          contact: contact(waId),
          message: text(waId, "retry me", { id }),
        };
      };
      // The stuck ones have been due longer; the good one (its cause since fixed) is due last.
      await ctx.db.insert(webhookFailedItems).values(
        Array.from({ length: 60 }, (_, i) => {
          const id = `${poison}.${i}.${newWamid()}`;
          return {
            kind: "message",
            itemKey: `message:${id}`,
            item: itemFor(id),
            lastError: "poisoned",
            businessId: w.biz.id,
            nextAttemptAt: new Date(now.getTime() - 60_000 + i),
          };
        }),
      );
      const goodId = newWamid();
      await ctx.db.insert(webhookFailedItems).values({
        kind: "message",
        itemKey: `message:${goodId}`,
        item: itemFor(goodId),
        lastError: "a fault since fixed",
        businessId: w.biz.id,
        nextAttemptAt: new Date(now.getTime() - 1000),
      });
      await retryDueItems(ctx.db, { now });
      await retryDueItems(ctx.db, { now });
      expect(await wamidsStored([goodId])).toEqual([goodId]);
    } finally {
      await ctx.db.execute(sql.raw("drop trigger if exists refuse_poison_items on messages"));
    }
  });
});
