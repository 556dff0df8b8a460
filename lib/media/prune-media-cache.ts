import { inArray, lt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { mediaCache } from "../../db/schema";

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 200;

/**
 * Delete cached customer files not served for `retentionDays` (media_cache.used_at, refreshed
 * at most daily when a file is served). In batches, so a large backlog never holds one long
 * transaction over many megabytes of rows. Returns how many were deleted.
 *
 * What a pruned file means: WhatsApp media ids can be downloaded for 7 days, so a file older
 * than that cannot be fetched again and the thread shows it as no longer available. The
 * simulator's uploads live only in this cache (there is no Graph API behind them), so they
 * follow the same rule: after the retention period unseen, they are gone, as real media are.
 */
export async function pruneMediaCache(db: Db, opts: { retentionDays: number; now?: Date }): Promise<number> {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - opts.retentionDays * DAY_MS);
  let deleted = 0;
  for (;;) {
    const stale = db
      .select({ id: mediaCache.mediaId })
      .from(mediaCache)
      .where(lt(mediaCache.usedAt, cutoff))
      .limit(BATCH);
    const rows = await db
      .delete(mediaCache)
      .where(inArray(mediaCache.mediaId, stale))
      .returning({ id: mediaCache.mediaId });
    deleted += rows.length;
    if (rows.length < BATCH) return deleted;
  }
}
