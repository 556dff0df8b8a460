/**
 * A token bucket per sending number (WHATSAPP.md §5.1: 80 messages/s per number by default).
 * `reserve` is pure arithmetic on a clock so it can be tested without waiting; `take` sleeps.
 * The bucket is per process and paces its sends; SharedRateWindow caps all instances together.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Reserve one send for `key`; returns how many ms to wait before sending it. */
  reserve(key: string, now = this.clock()): number {
    const b = this.buckets.get(key) ?? { tokens: this.perSecond, at: now };
    // Refill, capped at one second's worth (the burst), then take one token (possibly into debt).
    b.tokens = Math.min(this.perSecond, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    b.tokens -= 1;
    this.buckets.set(key, b);
    return b.tokens >= 0 ? 0 : Math.ceil((-b.tokens / this.perSecond) * 1000);
  }

  async take(key: string, signal?: AbortSignal): Promise<void> {
    const wait = this.reserve(key);
    if (wait > 0) await sleep(wait, signal);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });
}
