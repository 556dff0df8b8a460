import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { webhookDeliveries } from "../../db/schema";
import { logger } from "../logger";
import { describeError } from "./failed-items";
import { processWebhook, type ProcessSummary } from "./process-webhook";
import { envelopeSchema, type WebhookEnvelope } from "./webhook-schema";

/**
 * How long the request that stored a delivery has to process it before the retry sweep may
 * take it over (a background run of a 1,000-update batch included).
 */
export const DELIVERY_HEAD_START_MS = 30_000;
const DELIVERY_MAX_BACKOFF_MS = 60 * 60_000;

/** 30 s, 1 min, 2 min … at most an hour: a delivery whose processing keeps crashing waits longer each time. */
export function deliveryBackoffMs(attempts: number): number {
  return Math.min(DELIVERY_MAX_BACKOFF_MS, DELIVERY_HEAD_START_MS * 2 ** Math.max(0, attempts - 1));
}

/** Store the body durably; the 200 goes out only after this commit (no API to fetch past webhooks). */
export async function storeDelivery(db: Db, body: WebhookEnvelope): Promise<string> {
  const [row] = await db
    .insert(webhookDeliveries)
    .values({
      body,
      nextAttemptAt: sql`now() + ${DELIVERY_HEAD_START_MS} * interval '1 millisecond'` as never,
    })
    .returning({ id: webhookDeliveries.id });
  return row.id;
}

/**
 * Process a stored delivery and mark it processed. Items that fail are recorded on their own
 * (webhook_failed_items) and do not stop the delivery from being marked. Only a failure of the
 * whole run (the database is gone) leaves it unprocessed, for the retry sweep: processing is
 * idempotent, so running it again never duplicates anything.
 */
export async function processDelivery(
  db: Db,
  id: string,
  body: WebhookEnvelope,
  receivedAt?: Date,
): Promise<ProcessSummary | null> {
  try {
    const summary = await processWebhook(db, body, id, receivedAt);
    await db
      .update(webhookDeliveries)
      .set({ processedAt: new Date(), error: null, nextAttemptAt: null })
      .where(eq(webhookDeliveries.id, id));
    return summary;
  } catch (err) {
    logger.error({ err, deliveryId: id }, "webhook processing failed; it will be retried");
    await db
      .update(webhookDeliveries)
      .set({ error: describeError(err) })
      .where(eq(webhookDeliveries.id, id))
      .catch(() => {});
    return null;
  }
}

/**
 * Deliveries stored but not processed (the process crashed, or the database failed mid-run):
 * process them again, earliest due first (indexed). Each is claimed by pushing its next attempt
 * back with backoff before it runs, so a delivery that crashes the process every time goes to
 * the back of the queue instead of being taken first forever, and a second instance does not
 * take the same rows.
 */
export async function retryUnprocessed(db: Db, opts: { now?: Date; limit?: number } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const rows = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: webhookDeliveries.id, attempts: webhookDeliveries.attempts })
      .from(webhookDeliveries)
      .where(and(isNull(webhookDeliveries.processedAt), lte(webhookDeliveries.nextAttemptAt, now)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(opts.limit ?? 50)
      .for("update", { skipLocked: true });
    if (!due.length) return [];
    for (const d of due) {
      await tx
        .update(webhookDeliveries)
        .set({
          attempts: d.attempts + 1,
          nextAttemptAt: new Date(now.getTime() + deliveryBackoffMs(d.attempts + 1)),
        })
        .where(eq(webhookDeliveries.id, d.id));
    }
    return tx
      .select()
      .from(webhookDeliveries)
      .where(
        inArray(
          webhookDeliveries.id,
          due.map((d) => d.id),
        ),
      )
      .orderBy(asc(webhookDeliveries.receivedAt));
  });
  let done = 0;
  for (const row of rows) {
    const parsed = envelopeSchema.safeParse(row.body);
    if (!parsed.success) {
      // Cannot happen for rows the route stored; mark it so it is not retried forever.
      await db
        .update(webhookDeliveries)
        .set({ processedAt: new Date(), error: "not a webhook body", nextAttemptAt: null })
        .where(eq(webhookDeliveries.id, row.id));
      continue;
    }
    if (await processDelivery(db, row.id, parsed.data, row.receivedAt)) done++;
  }
  return done;
}
