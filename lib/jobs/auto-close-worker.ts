import type { Db } from "../../db/client";
import { logger } from "../logger";
import { sweepAutoClose } from "../services/conversations/auto-close";

/**
 * Runs the T10 sweep every `sweepSeconds` in this process. Every instance may run it: the sweep
 * itself is exactly-once (row lock + re-check), so no leader election is needed, and a sweep
 * that is still running is not started twice in the same process.
 */
export function startAutoCloseWorker(
  db: Db,
  opts: { sweepSeconds: number; defaultMinutes: number },
): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = async () => {
    if (running) return;
    running = sweepOnce();
    await running;
    running = null;
  };
  const sweepOnce = async () => {
    try {
      const { closed } = await sweepAutoClose(db, { defaultMinutes: opts.defaultMinutes });
      if (closed.length) logger.info({ closed: closed.length }, "auto-closed conversations for inactivity");
    } catch (err) {
      logger.error({ err }, "auto-close sweep failed");
    }
  };
  const timer = setInterval(tick, opts.sweepSeconds * 1000);
  timer.unref();
  void tick();
  /** Stop sweeping; resolves once a sweep that is running has finished. */
  return async () => {
    clearInterval(timer);
    await running;
  };
}
