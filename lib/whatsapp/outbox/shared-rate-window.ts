import { lt, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { sendRateWindows } from "../../../db/schema";
import { sleep } from "./rate-limiter";

/**
 * The cross-instance half of the rate limit: a fixed one-second window per number, counted in
 * the database with one upsert per send. The in-process token bucket (rate-limiter.ts) smooths
 * each instance's pace; this caps what all instances together send in any second.
 */
export class SharedRateWindow {
  private sinceCleanup = 0;

  constructor(
    private readonly db: Db,
    private readonly perSecond: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Claim a slot in the current second; returns 0, or the ms to wait before trying again. */
  async tryAdmit(key: string, now = this.clock()): Promise<number> {
    const second = Math.floor(now / 1000);
    const [row] = await this.db
      .insert(sendRateWindows)
      .values({ key, second, count: 1 })
      .onConflictDoUpdate({
        target: [sendRateWindows.key, sendRateWindows.second],
        set: { count: sql`${sendRateWindows.count} + 1` },
      })
      .returning({ count: sendRateWindows.count });
    if (++this.sinceCleanup >= 1000) {
      this.sinceCleanup = 0;
      await this.db.delete(sendRateWindows).where(lt(sendRateWindows.second, second - 60));
    }
    return row.count <= this.perSecond ? 0 : (second + 1) * 1000 - now;
  }

  async take(key: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const wait = await this.tryAdmit(key);
      if (wait === 0 || signal?.aborted) return;
      await sleep(wait, signal);
    }
  }
}
