/**
 * What a page does when its socket could not connect:
 * - `sign_in`: the server said the session is not good (`unauthorized`): go to /login.
 * - `retry`: the server refused for now (`unavailable`: it could not reach the database) or for a
 *   reason it did not name. Socket.IO does not retry a refusal by the server itself, so the page
 *   does, with backoff, and shows that it is reconnecting.
 * - `wait`: a network or transport error, which Socket.IO retries on its own.
 */
export function onConnectError(message: string, socketWillRetry: boolean): "sign_in" | "retry" | "wait" {
  if (message === "unauthorized") return "sign_in";
  return socketWillRetry ? "wait" : "retry";
}

/** Delay before the nth retry (0-based): doubling from 1 s up to 30 s, with jitter so a fleet of
 * pages does not come back all at once after the database does. */
export function retryDelayMs(attempt: number, random = Math.random()): number {
  const base = Math.min(1000 * 2 ** Math.min(attempt, 5), 30_000);
  return Math.round(base * (0.5 + random / 2));
}
