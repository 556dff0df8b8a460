/**
 * The failures every action can end in that are nobody's fault and worth another try, with the
 * words a member reads. Shared by the server (action-result.ts) and the page (call-action.ts),
 * so both sides name a failure the same way. Nothing here imports server code.
 */
export const RETRYABLE_FAILURES = {
  /** the server could not reach its database (down, restarting) */
  unavailable: "Switchboard could not reach its database",
  /** the request never got an answer (the server or the network) */
  network: "Switchboard could not be reached",
  /** the server failed in a way it did not expect */
  internal: "Something went wrong on the server",
} as const;

export type RetryableCode = keyof typeof RETRYABLE_FAILURES;

export function isRetryable(code: string): code is RetryableCode {
  return Object.hasOwn(RETRYABLE_FAILURES, code);
}

/** "<what happened>. Nothing was changed; try again." — the generic refusal of any action. */
export function retryableFailure(code: RetryableCode) {
  return {
    ok: false as const,
    code,
    message: `${RETRYABLE_FAILURES[code]}. Nothing was changed; try again.`,
  };
}

/**
 * What the composer says when a send failed for a retryable reason: the message is not sent,
 * it is still in the box, and pressing Send again is safe (the same idempotency key goes along).
 */
export function notSentNotice(code: string, message: string): string {
  if (!isRetryable(code)) return message;
  return `Not sent: ${RETRYABLE_FAILURES[code]}. Your message is kept — press Send to try again.`;
}
