/**
 * Cloud API error codes (WHATSAPP.md §8) → retry or not, and a reason a person understands.
 * Classification is on the numeric code, never on Meta's wording.
 */
export const WINDOW_CLOSED_CODE = 131047;

/** Worth retrying with backoff: rate limits, maintenance, Meta-side hiccups. */
const TRANSIENT = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131056, 131057]);

const REASONS: Record<number, string> = {
  131047: "More than 24 hours since the customer last wrote to this number — send a template",
  131026:
    "Message undeliverable: not a WhatsApp number, or the customer has not accepted the terms or uses an old app",
  131048: "WhatsApp restricted this number for quality reasons (spam rate limit)",
  131049: "Not delivered by WhatsApp to maintain healthy ecosystem engagement",
  131050: "The customer stopped marketing messages from this business",
  130472: "The customer's number is part of a WhatsApp experiment",
  131008: "A required parameter is missing",
  131009: "A parameter value is not valid",
  100: "A parameter is not valid",
  131021: "Sender and recipient are the same number",
  131030: "The recipient is not on the allowed list of this test number",
  131031: "The business account is locked",
  368: "The business account is temporarily blocked for policy violations",
  132000: "The template's parameter count does not match",
  132001: "The template does not exist in this language or is not approved",
  132012: "A template parameter has the wrong format",
  132015: "The template is paused",
  132016: "The template is disabled",
  133010: "The business number is not registered with WhatsApp",
  131062: "This message cannot be sent to a username-only customer",
  131053: "The media file could not be uploaded (wrong type or too large)",
  190: "The WhatsApp access token expired or is invalid — an admin must renew it",
  130429: "WhatsApp's throughput limit was reached",
  131056: "Too many messages to this customer in a short time",
  131057: "The business account is in maintenance",
  131000: "WhatsApp had an internal error",
  131016: "WhatsApp is temporarily unavailable",
};

export interface Classified {
  transient: boolean;
  reason: string;
}

/** `code` from the error body (sync) or statuses[].errors (async); httpStatus when sync. */
export function classifyError(code: number | null, httpStatus: number | null, fallback?: string): Classified {
  if (code !== null && TRANSIENT.has(code))
    return { transient: true, reason: REASONS[code] ?? fallback ?? `WhatsApp error ${code}` };
  if (code !== null) {
    const known = REASONS[code];
    return {
      transient: false,
      reason: known ?? `WhatsApp refused the message (error ${code}${fallback ? `: ${fallback}` : ""})`,
    };
  }
  if (httpStatus === null) return { transient: true, reason: fallback ?? "Could not reach WhatsApp" };
  if (httpStatus >= 500 || httpStatus === 429 || httpStatus === 408) {
    return { transient: true, reason: `WhatsApp answered HTTP ${httpStatus}` };
  }
  return { transient: false, reason: fallback ?? `WhatsApp refused the message (HTTP ${httpStatus})` };
}

/** Whether a member's Retry can help (131047 needs a template instead; the UI says so). */
export function retryCanHelp(code: number | null): boolean {
  return code !== WINDOW_CLOSED_CODE && code !== 131050 && code !== 131021 && code !== 131030;
}
