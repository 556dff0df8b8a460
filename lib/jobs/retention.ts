import { and, eq, isNotNull, isNull, lt, notExists, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { rowsOf } from "../../db/rows";
import {
  idempotencyKeys,
  loginAttempts,
  messageStatusEvents,
  unroutableWebhooks,
  webhookDeliveries,
  webhookFailedItems,
} from "../../db/schema";
import type { AppConfig } from "../config";
import { logger } from "../logger";
import { pruneMediaCache } from "../media/prune-media-cache";

const DAY_MS = 24 * 60 * 60_000;
const SWEEP_MS = 60 * 60_000;
/** Rows per DELETE and DELETEs per table per run: short transactions, a bounded run. */
export const RETENTION_BATCH = 1000;
export const RETENTION_MAX_BATCHES = 20;
/**
 * A send's idempotency key answers a repeated press or a retry after a lost answer; a day covers
 * any client that is still retrying, and the key's message stays in the thread for good.
 */
export const IDEMPOTENCY_KEY_DAYS = 1;

export type RetentionDays = AppConfig["retention"];
export type Pruned = {
  deliveries: number;
  unroutable: number;
  loginAttempts: number;
  statusEvents: number;
  idempotencyKeys: number;
};

/**
 * Delete the rows of `table` matching `where`, `batch` at a time (by ctid, so any table works
 * whatever its key), at most `maxBatches` times. Returns how many were deleted.
 */
async function deleteInBatches(
  db: Db,
  table: PgTable,
  where: SQL | undefined,
  batch: number,
  maxBatches: number,
): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const r = await db.execute(
      sql`delete from ${table} where ctid in (select ctid from ${table} where ${where} limit ${batch}) returning 1`,
    );
    const n = rowsOf(r).length;
    total += n;
    if (n < batch) break;
  }
  return total;
}

/**
 * One retention pass:
 * - webhook bodies that were processed more than `webhookDays` ago, unless an item of theirs is
 *   still waiting for a retry (dead-lettered items keep their own JSON, so they outlive the body);
 *   unprocessed bodies are never deleted;
 * - unroutable updates older than `webhookDays` (they are webhook bodies too, kept whole in their
 *   own row, so they do not need the delivery);
 * - failed sign-ins older than `loginAttemptDays`;
 * - status events older than `statusEventDays`: each message keeps its current status on its own
 *   row, only the history of arrivals goes;
 * - send idempotency keys older than IDEMPOTENCY_KEY_DAYS.
 * Cached media has its own rule (lib/media/prune-media-cache.ts), run by the same sweep.
 */
export async function pruneOnce(
  db: Db,
  days: RetentionDays,
  opts: { now?: Date; batch?: number; maxBatches?: number } = {},
): Promise<Pruned> {
  const now = (opts.now ?? new Date()).getTime();
  const batch = opts.batch ?? RETENTION_BATCH;
  const max = opts.maxBatches ?? RETENTION_MAX_BATCHES;
  const before = (d: number) => new Date(now - d * DAY_MS);
  const prune = (table: PgTable, where: SQL | undefined) => deleteInBatches(db, table, where, batch, max);

  const webhookCutoff = before(days.webhookDays);
  const liveItem = db
    .select({ one: sql`1` })
    .from(webhookFailedItems)
    .where(and(eq(webhookFailedItems.deliveryId, webhookDeliveries.id), isNull(webhookFailedItems.deadAt)));
  return {
    unroutable: await prune(unroutableWebhooks, lt(unroutableWebhooks.receivedAt, webhookCutoff)),
    deliveries: await prune(
      webhookDeliveries,
      and(
        isNotNull(webhookDeliveries.processedAt),
        lt(webhookDeliveries.processedAt, webhookCutoff),
        notExists(liveItem),
      ),
    ),
    loginAttempts: await prune(loginAttempts, lt(loginAttempts.at, before(days.loginAttemptDays))),
    statusEvents: await prune(
      messageStatusEvents,
      lt(messageStatusEvents.createdAt, before(days.statusEventDays)),
    ),
    idempotencyKeys: await prune(
      idempotencyKeys,
      lt(idempotencyKeys.createdAt, before(IDEMPOTENCY_KEY_DAYS)),
    ),
  };
}

/** Run the retention pass hourly (and once shortly after start) in this process. */
export function startRetention(db: Db, config: Pick<AppConfig, "retention">): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const p = await pruneOnce(db, config.retention);
      const mediaFiles = await pruneMediaCache(db, { retentionDays: config.retention.mediaCacheDays });
      if (Object.values(p).some(Boolean) || mediaFiles)
        logger.info({ ...p, mediaFiles }, "retention: pruned old rows");
    } catch (err) {
      logger.error({ err }, "retention sweep failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, SWEEP_MS);
  timer.unref();
  const first = setTimeout(tick, 60_000);
  first.unref();
  return () => {
    clearInterval(timer);
    clearTimeout(first);
  };
}
