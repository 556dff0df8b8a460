import type { Db } from "../../../db/client";
import { logger } from "../../logger";
import { getPublisher } from "../../realtime/publisher";
import {
  claimDue,
  markFailed,
  markRetry,
  markSent,
  type ClaimedMessage,
} from "../../services/messages/outbox-state";
import { classifyError } from "../errors";
import { backoffMs } from "./backoff";
import { buildCloudBody } from "./build-body";
import { RateLimiter } from "./rate-limiter";
import { SharedRateWindow } from "./shared-rate-window";
import type { Transport } from "./transport";

export interface OutboxWorkerOptions {
  transport: Transport;
  /** per sending number (WHATSAPP_RATE_PER_SECOND) */
  ratePerSecond: number;
  /** how long a claimed row stays ours before another worker may take it over */
  leaseMs?: number;
  /** idle poll when nobody kicks us */
  pollMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** after this many attempts a transient failure becomes final */
  maxAttempts?: number;
  batchSize?: number;
  concurrency?: number;
  /** test seam: runs after the claim and before the request leaves */
  beforeSend?: (m: ClaimedMessage) => Promise<void>;
}

/**
 * Delivers committed outbound messages. The reply (or campaign) commits a `queued` row; this
 * worker claims due rows, waits for the number's rate limit, calls the transport and records
 * the outcome. A crash after the claim leaves a `sending` row whose lease expires and is
 * claimed again; a crash before it leaves a `queued` row. Either way it is sent once.
 */
export class OutboxWorker {
  private readonly limiter: RateLimiter;
  private readonly shared: SharedRateWindow;
  private readonly abort = new AbortController();
  private readonly aborted = new Promise<void>((resolve) =>
    this.abort.signal.addEventListener("abort", () => resolve()),
  );
  private wake: (() => void) | null = null;
  private kicked = false;
  private loopDone: Promise<void> | null = null;
  private readonly o: Required<Omit<OutboxWorkerOptions, "beforeSend">> &
    Pick<OutboxWorkerOptions, "beforeSend">;

  constructor(
    private readonly db: Db,
    opts: OutboxWorkerOptions,
  ) {
    this.o = {
      leaseMs: 60_000,
      pollMs: 1_000,
      baseDelayMs: 1_000,
      maxDelayMs: 5 * 60_000,
      maxAttempts: 12,
      batchSize: 100,
      concurrency: 16,
      ...opts,
    };
    this.limiter = new RateLimiter(opts.ratePerSecond);
    this.shared = new SharedRateWindow(db, opts.ratePerSecond);
  }

  start(): this {
    this.loopDone ??= this.loop();
    return this;
  }

  /** New work was committed: look now instead of at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /**
   * Stop. In-flight sends are abandoned (their rows stay `sending` until the lease runs out),
   * which is exactly what a crash looks like to the database.
   */
  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.loopDone;
  }

  get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let claimed = 0;
      try {
        claimed = await this.runOnce();
      } catch (err) {
        logger.error({ err }, "outbox pass failed");
      }
      if (this.stopped) break;
      if (claimed >= this.o.batchSize || this.kicked) {
        this.kicked = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.o.pollMs);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** One pass: claim what is due and deliver it. Returns how many rows were claimed. */
  async runOnce(): Promise<number> {
    const claimed = await claimDue(this.db, {
      now: new Date(),
      limit: this.o.batchSize,
      leaseMs: this.o.leaseMs,
    });
    let next = 0;
    const lane = async () => {
      while (next < claimed.length && !this.stopped) await this.deliver(claimed[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency, claimed.length) }, lane));
    return claimed.length;
  }

  private async deliver(m: ClaimedMessage): Promise<void> {
    const signal = this.abort.signal;
    if (this.o.beforeSend) await Promise.race([this.o.beforeSend(m), this.aborted]);
    await this.limiter.take(m.phoneNumberId, signal);
    await this.shared.take(m.phoneNumberId, signal);
    if (signal.aborted) return;
    const outcome = await this.o.transport.send(
      { phoneNumberId: m.phoneNumberId, displayNumber: m.displayNumber, body: buildCloudBody(m) },
      signal,
    );
    // A stopped worker is a dead one: it records nothing, the lease decides what happens next.
    if (signal.aborted) return;
    const now = new Date();
    if (outcome.ok) {
      getPublisher().publish(await markSent(this.db, m, outcome.wamid, now));
      return;
    }
    const { transient, reason } = classifyError(outcome.code, outcome.httpStatus, outcome.message);
    if (transient && m.attempt < this.o.maxAttempts) {
      const at = new Date(
        now.getTime() + backoffMs(m.attempt, { baseMs: this.o.baseDelayMs, maxMs: this.o.maxDelayMs }),
      );
      await markRetry(this.db, m, { at, errorCode: outcome.code, reason });
      logger.warn(
        { messageId: m.id, attempt: m.attempt, code: outcome.code, http: outcome.httpStatus },
        "outbound send will be retried",
      );
      return;
    }
    const final = transient ? `${reason} (gave up after ${m.attempt} attempts)` : reason;
    getPublisher().publish(await markFailed(this.db, m, { errorCode: outcome.code, reason: final, now }));
  }
}
