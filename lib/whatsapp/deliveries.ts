import { and, asc, eq, isNull, lt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { webhookDeliveries } from "../../db/schema";
import { logger } from "../logger";
import { processWebhook, type ProcessSummary } from "./process-webhook";
import { envelopeSchema, type WebhookEnvelope } from "./webhook-schema";

/** Drizzle wraps the database's error as `cause`; keep the database's own words. */
function describeError(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string } };
  return String(e?.cause?.message ?? e?.message ?? err).slice(0, 1000);
}

/** Store the body durably; the 200 goes out only after this commit (no API to fetch past webhooks). */
export async function storeDelivery(db: Db, body: WebhookEnvelope): Promise<string> {
  const [row] = await db.insert(webhookDeliveries).values({ body }).returning({ id: webhookDeliveries.id });
  return row.id;
}

/**
 * Process a stored delivery and mark it processed. A failure is recorded on the row and left for
 * the retry worker: processing is idempotent, so running it again never duplicates anything.
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
      .set({ processedAt: new Date(), error: null })
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
 * Deliveries stored but not processed (the process crashed, or processing threw): process them
 * again. Only rows older than `olderThanMs` are taken, so a request still working on its own
 * delivery is left alone; if two instances pick the same row, idempotency makes it harmless.
 */
export async function retryUnprocessed(
  db: Db,
  opts: { olderThanMs: number; limit?: number },
): Promise<number> {
  const before = new Date(Date.now() - opts.olderThanMs);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(isNull(webhookDeliveries.processedAt), lt(webhookDeliveries.receivedAt, before)))
    .orderBy(asc(webhookDeliveries.receivedAt))
    .limit(opts.limit ?? 50);
  let done = 0;
  for (const row of rows) {
    const parsed = envelopeSchema.safeParse(row.body);
    if (!parsed.success) {
      // Cannot happen for rows the route stored; mark it so it is not retried forever.
      await db
        .update(webhookDeliveries)
        .set({ processedAt: new Date(), error: "not a webhook body" })
        .where(eq(webhookDeliveries.id, row.id));
      continue;
    }
    if (await processDelivery(db, row.id, parsed.data, row.receivedAt)) done++;
  }
  return done;
}
