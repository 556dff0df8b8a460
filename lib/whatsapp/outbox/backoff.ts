/**
 * Delay before retry number `attempt` (1 = the first retry): base · 2^(attempt-1), capped, with
 * ±20 % jitter so a burst of failures does not come back in lockstep. With the default base of
 * 1 s the first retry comes within a few seconds (SPEC §3).
 */
export function backoffMs(
  attempt: number,
  opts: { baseMs: number; maxMs: number },
  random = Math.random,
): number {
  const raw = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}
