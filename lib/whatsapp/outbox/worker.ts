import type { Db } from "../../../db/client";
import { logger } from "../../logger";
import { getPublisher } from "../../realtime/publisher";
import {
  claimDue,
  fenceForSend,
  markFailed,
  markRetry,
  markSent,
  markUncertain,
  releaseClaim,
  type ClaimedMessage,
} from "../../services/messages/outbox-state";
import { classifyError } from "../errors";
import { backoffMs } from "./backoff";
import { buildCloudBody } from "./build-body";
import { RateLimiter } from "./rate-limiter";
import { SharedRateWindow } from "./shared-rate-window";
import { DEFAULT_SEND_TIMEOUT_MS, type Transport } from "./transport";

export interface OutboxWorkerOptions {
  transport: Transport;
  /** per sending number (WHATSAPP_RATE_PER_SECOND) */
  ratePerSecond: number;
  /**
   * How long a claimed row stays ours while it waits for its turn (rate limit, free lane). Each
   * row is fenced again just before its send, which stretches its lease over the send itself.
   */
  leaseMs?: number;
  /** the longest one send may take before it is abandoned */
  sendTimeoutMs?: number;
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
 * The write that records a send's outcome is retried — first quickly (a lost connection), then
 * every 2 s (a database restarting) — for as long as the row is held for this send: until its
 * hold ends, nobody else may claim it, so recording late is still recording once. Only when the
 * hold is about to end does the worker give up (and try to hold the row back for good).
 */
const RECORD_RETRY_DELAYS_MS = [50, 200, 800];
const RECORD_RETRY_EVERY_MS = 2_000;
/** What the hold keeps for recording beyond the send itself (and the lease after that). */
const RECORD_BUDGET_MS = 12_000;
/** Stop retrying this long before the hold ends: another instance's clock may run ahead. */
const HOLD_MARGIN_MS = 5_000;

/**
 * Delivers committed outbound messages. The reply (or campaign) commits a `queued` row; this
 * worker claims due rows, waits for the number's rate limit, fences the row again (still ours?
 * then hold it for the whole send), calls the transport and records the outcome, retrying that
 * write through passing database faults.
 *
 * Delivery is at least once, with everything done to make it exactly once: the Cloud API has
 * no idempotency key, so a worker that dies after Meta accepted a message and before the wamid
 * was recorded leaves a row that is sent again once its lease has run out. The lease is always
 * longer than the send can take, so a send is never repeated while another may be in flight.
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
      sendTimeoutMs: DEFAULT_SEND_TIMEOUT_MS,
      pollMs: 1_000,
      baseDelayMs: 1_000,
      maxDelayMs: 5 * 60_000,
      maxAttempts: 12,
      batchSize: 64,
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
   * Stop claiming. Rows claimed but not yet sent are given back (due at once, for another
   * instance); sends already on their way are awaited, up to the send timeout, and recorded.
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
      // Something was due: look again at once (the fair share may have left work behind).
      if (claimed > 0 || this.kicked) {
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
    if (this.stopped) return 0;
    const claimed = await claimDue(this.db, {
      now: new Date(),
      limit: this.o.batchSize,
      leaseMs: this.o.leaseMs,
    });
    let next = 0;
    const lane = async () => {
      while (next < claimed.length) {
        const m = claimed[next++];
        try {
          await this.deliver(m);
        } catch (err) {
          // This row's lease decides what happens to it; the lane goes on with the others.
          logger.error({ err, messageId: m.id }, "outbound delivery failed");
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency, claimed.length) }, lane));
    return claimed.length;
  }

  private async deliver(m: ClaimedMessage): Promise<void> {
    const signal = this.abort.signal;
    if (this.o.beforeSend && !signal.aborted) await Promise.race([this.o.beforeSend(m), this.aborted]);
    if (!signal.aborted) await this.limiter.take(m.phoneNumberId, signal);
    if (!signal.aborted) await this.shared.take(m.phoneNumberId, signal);
    if (signal.aborted) {
      await releaseClaim(this.db, m, new Date()).catch(() => {});
      return;
    }
    const holdUntil = new Date(Date.now() + this.o.sendTimeoutMs + RECORD_BUDGET_MS + this.o.leaseMs);
    const recordBy = holdUntil.getTime() - Math.min(HOLD_MARGIN_MS, this.o.leaseMs);
    if (!(await fenceForSend(this.db, m, holdUntil))) {
      logger.warn({ messageId: m.id, attempt: m.attempt }, "outbound row was taken over: not sending it");
      return;
    }
    // From here on the request is ours to finish: a stopping worker waits for it.
    const outcome = await this.o.transport.send(
      { phoneNumberId: m.phoneNumberId, displayNumber: m.displayNumber, body: buildCloudBody(m) },
      AbortSignal.timeout(this.o.sendTimeoutMs),
    );
    if (outcome.ok) {
      await this.recordSent(m, outcome.wamid, recordBy);
      return;
    }
    const now = new Date();
    const { transient, reason } = classifyError(outcome.code, outcome.httpStatus, outcome.message);
    if (transient && m.attempt < this.o.maxAttempts) {
      const at = new Date(
        now.getTime() + backoffMs(m.attempt, { baseMs: this.o.baseDelayMs, maxMs: this.o.maxDelayMs }),
      );
      await withRetries(recordBy, () => markRetry(this.db, m, { at, errorCode: outcome.code, reason }));
      logger.warn(
        { messageId: m.id, attempt: m.attempt, code: outcome.code, http: outcome.httpStatus },
        "outbound send will be retried",
      );
      return;
    }
    const final = transient ? `${reason} (gave up after ${m.attempt} attempts)` : reason;
    getPublisher().publish(
      await withRetries(recordBy, () =>
        markFailed(this.db, m, { errorCode: outcome.code, reason: final, now }),
      ),
    );
  }

  /** Meta has the message: record that, through passing faults, and never let it be resent. */
  private async recordSent(m: ClaimedMessage, wamid: string, recordBy: number): Promise<void> {
    try {
      getPublisher().publish(await withRetries(recordBy, () => markSent(this.db, m, wamid, new Date())));
      return;
    } catch (err) {
      logger.error({ err, messageId: m.id, wamid }, "could not record a sent message; holding it back");
    }
    const held = await markUncertain(this.db, m, wamid, new Date()).catch(() => false);
    if (!held)
      logger.error(
        { messageId: m.id, wamid },
        "could not hold back a sent message: it will be sent again when its lease runs out",
      );
  }
}

/** Run `write` until it succeeds, retrying through database faults until `by` (epoch ms). */
async function withRetries<T>(by: number, write: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await write();
    } catch (err) {
      const wait = RECORD_RETRY_DELAYS_MS[i] ?? RECORD_RETRY_EVERY_MS;
      if (Date.now() + wait >= by) throw err;
      logger.warn({ err, retry: i + 1 }, "recording an outbound outcome failed; retrying");
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
