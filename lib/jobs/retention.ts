import { and, eq, inArray, isNotNull, isNull, lt, notExists, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
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

export type RetentionDays = AppConfig["retention"];
export type Pruned = { deliveries: number; unroutable: number; loginAttempts: number; statusEvents: number };

async function inBatches(run: () => Promise<number>, batch: number, maxBatches: number): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await run();
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
 *   row, only the history of arrivals goes.
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

  const webhookCutoff = before(days.webhookDays);
  const unroutable = await inBatches(
    async () =>
      (
        await db
          .delete(unroutableWebhooks)
          .where(
            inArray(
              unroutableWebhooks.id,
              db
                .select({ id: unroutableWebhooks.id })
                .from(unroutableWebhooks)
                .where(lt(unroutableWebhooks.receivedAt, webhookCutoff))
                .limit(batch),
            ),
          )
          .returning({ id: unroutableWebhooks.id })
      ).length,
    batch,
    max,
  );

  const liveItem = db
    .select({ one: sql`1` })
    .from(webhookFailedItems)
    .where(and(eq(webhookFailedItems.deliveryId, webhookDeliveries.id), isNull(webhookFailedItems.deadAt)));
  const deliveries = await inBatches(
    async () =>
      (
        await db
          .delete(webhookDeliveries)
          .where(
            inArray(
              webhookDeliveries.id,
              db
                .select({ id: webhookDeliveries.id })
                .from(webhookDeliveries)
                .where(
                  and(
                    isNotNull(webhookDeliveries.processedAt),
                    lt(webhookDeliveries.processedAt, webhookCutoff),
                    notExists(liveItem),
                  ),
                )
                .limit(batch),
            ),
          )
          .returning({ id: webhookDeliveries.id })
      ).length,
    batch,
    max,
  );

  const loginCutoff = before(days.loginAttemptDays);
  const logins = await inBatches(
    async () =>
      (
        await db
          .delete(loginAttempts)
          .where(
            inArray(
              loginAttempts.id,
              db
                .select({ id: loginAttempts.id })
                .from(loginAttempts)
                .where(lt(loginAttempts.at, loginCutoff))
                .limit(batch),
            ),
          )
          .returning({ id: loginAttempts.id })
      ).length,
    batch,
    max,
  );

  const statusCutoff = before(days.statusEventDays);
  const statusEvents = await inBatches(
    async () =>
      (
        await db
          .delete(messageStatusEvents)
          .where(
            sql`(${messageStatusEvents.wamid}, ${messageStatusEvents.status}) in (${db
              .select({ wamid: messageStatusEvents.wamid, status: messageStatusEvents.status })
              .from(messageStatusEvents)
              .where(lt(messageStatusEvents.createdAt, statusCutoff))
              .limit(batch)})`,
          )
          .returning({ wamid: messageStatusEvents.wamid })
      ).length,
    batch,
    max,
  );

  return { deliveries, unroutable, loginAttempts: logins, statusEvents };
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
      if (p.deliveries || p.unroutable || p.loginAttempts || p.statusEvents || mediaFiles)
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
