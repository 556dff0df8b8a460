import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { wabaNumbers, webhookFailedItems } from "../../db/schema";
import { logger } from "../logger";
import { processItem, type WebhookItem } from "./webhook-items";

/** After this many failed attempts an item is dead-lettered: shown to admins, retried only by hand. */
export const MAX_ITEM_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 6 * 60 * 60_000;

/** 30 s, 1 min, 2 min … doubling, at most 6 hours: a fault that lasts gets fewer tries, not more. */
export function itemBackoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

/** Drizzle wraps the database's error as `cause`; keep the database's own words. */
export function describeError(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string } };
  return String(e?.cause?.message ?? e?.message ?? err).slice(0, 1000);
}

async function businessOf(db: Db, phoneNumberId: string): Promise<string | null> {
  const [n] = await db
    .select({ businessId: wabaNumbers.businessId })
    .from(wabaNumbers)
    .where(eq(wabaNumbers.phoneNumberId, phoneNumberId));
  return n?.businessId ?? null;
}

/**
 * Record (or count again) the failure of one item. The same item failing in a redelivery of the
 * same webhook counts as another attempt of the one row, not a second row.
 */
export async function recordItemFailure(
  db: Db,
  opts: { deliveryId: string | null; item: WebhookItem; key: string; err: unknown; now?: Date },
): Promise<void> {
  const now = opts.now ?? new Date();
  const error = describeError(opts.err);
  const businessId = await businessOf(db, opts.item.phoneNumberId);
  const firstRetry = new Date(now.getTime() + itemBackoffMs(1));
  await db
    .insert(webhookFailedItems)
    .values({
      deliveryId: opts.deliveryId,
      businessId,
      kind: opts.item.kind,
      itemKey: opts.key,
      item: opts.item as unknown as Record<string, unknown>,
      attempts: 1,
      nextAttemptAt: firstRetry,
      lastError: error,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: webhookFailedItems.itemKey,
      set: failureUpdate(error, now),
    });
}

/** attempts + 1, then either the next backoff or dead. Computed in SQL so concurrent updates count. */
function failureUpdate(error: string, now: Date) {
  const at = sql`${now.toISOString()}::timestamptz`;
  const nextAttempts = sql`${webhookFailedItems.attempts} + 1`;
  const backoffMs = sql`least(${MAX_BACKOFF_MS}, ${BASE_BACKOFF_MS} * power(2, ${webhookFailedItems.attempts}))`;
  const dead = sql`${nextAttempts} >= ${MAX_ITEM_ATTEMPTS}`;
  return {
    attempts: nextAttempts,
    lastError: error,
    updatedAt: now,
    deadAt: sql`case when ${webhookFailedItems.deadAt} is not null then ${webhookFailedItems.deadAt} when ${dead} then ${at} else null end`,
    nextAttemptAt: sql`case when ${webhookFailedItems.deadAt} is not null or ${dead} then null else ${at} + ${backoffMs} * interval '1 millisecond' end`,
  } as never;
}

export type RetryOutcome = "done" | "failed" | "gone";

/**
 * Run one failed item again. Success deletes the row (processing is idempotent, so what
 * already happened is not repeated); a failure counts an attempt with backoff, or dead-letters.
 */
export async function retryFailedItem(db: Db, id: string, now = new Date()): Promise<RetryOutcome> {
  const [row] = await db.select().from(webhookFailedItems).where(eq(webhookFailedItems.id, id));
  if (!row) return "gone";
  try {
    await processItem(db, row.item as WebhookItem, row.createdAt);
  } catch (err) {
    logger.warn({ err, itemId: id, attempts: row.attempts + 1 }, "webhook item failed again");
    await db
      .update(webhookFailedItems)
      .set(failureUpdate(describeError(err), now))
      .where(eq(webhookFailedItems.id, id));
    return "failed";
  }
  await db.delete(webhookFailedItems).where(eq(webhookFailedItems.id, id));
  return "done";
}

/**
 * The items whose next attempt is due, earliest first (an index on next_attempt_at), claimed by
 * pushing their next attempt back before they run: a second instance does not take them too,
 * and an item that crashes the process is not taken again at once. Rows that keep failing move
 * to the back each time, so they never hold back the others.
 */
export async function retryDueItems(db: Db, opts: { now?: Date; limit?: number } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const lease = new Date(now.getTime() + BASE_BACKOFF_MS);
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: webhookFailedItems.id })
      .from(webhookFailedItems)
      .where(and(isNull(webhookFailedItems.deadAt), lte(webhookFailedItems.nextAttemptAt, now)))
      .orderBy(asc(webhookFailedItems.nextAttemptAt))
      .limit(opts.limit ?? 50)
      .for("update", { skipLocked: true });
    if (!due.length) return [];
    const ids = due.map((d) => d.id);
    await tx
      .update(webhookFailedItems)
      .set({ nextAttemptAt: lease })
      .where(inArray(webhookFailedItems.id, ids));
    return ids;
  });
  let done = 0;
  for (const id of claimed) if ((await retryFailedItem(db, id, now)) === "done") done++;
  return done;
}
