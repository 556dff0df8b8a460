/**
 * Poll `check` until it returns a value other than undefined/false, or fail after `timeoutMs`
 * with `what` in the message. Fault tests never sleep a fixed time: they wait for a condition.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  opts: { timeoutMs: number; everyMs?: number },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${opts.timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError}` : ""}`,
      );
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 100));
  }
}
