/**
 * fetch, tried once more when the connection was reset before any answer: a pooled keep-alive
 * connection that the other side closed at the same moment fails the request without it having
 * been handled. Only for idempotent GETs; HTTP errors are answers and are not retried.
 */
const RESET_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);

function wasReset(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } } | null)?.cause;
  return err instanceof TypeError && !!cause?.code && RESET_CODES.has(cause.code);
}

export async function fetchRetryingReset(f: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  try {
    return await f(url, init);
  } catch (err) {
    if (!wasReset(err) || init.signal?.aborted) throw err;
    return f(url, init);
  }
}
