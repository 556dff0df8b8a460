/**
 * Whether an error means "the database cannot be reached right now" (down, restarting, refusing
 * connections, the connection cut) rather than "this query is wrong". Callers answer the first
 * with a retryable refusal (503 for a webhook, "try again" for a member) and log the second.
 */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  // postgres.js's own codes for a connection that could not be made or was lost
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
]);

/** SQLSTATEs of a server that is shutting down, starting up or full (class 08 is checked too). */
const SERVER_CODES = new Set(["57P01", "57P02", "57P03", "53300"]);

export function isDatabaseUnavailable(err: unknown): boolean {
  // drizzle wraps the driver's error ("Failed query: …") in `cause`; follow the chain a little.
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (
      typeof code === "string" &&
      (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith("08"))
    )
      return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
