/** Typed outcomes of the service layer: refusals carry a code and a sentence a person can read. */
export type RefusalCode =
  | "invalid_input"
  | "not_found"
  | "inactive_member"
  | "forbidden"
  | "not_assignee"
  | "closed_no_reply"
  | "not_open"
  | "not_assigned"
  | "already_closed"
  | "invalid_target"
  | "stale"
  | "window_closed";

export type Refusal = { ok: false; code: RefusalCode; message: string; data?: Record<string, unknown> };
export type Ok<T> = { ok: true } & T;
export type Result<T> = Ok<T> | Refusal;

export const refuse = (code: RefusalCode, message: string, data?: Record<string, unknown>): Refusal => ({
  ok: false,
  code,
  message,
  ...(data ? { data } : {}),
});

/** Thrown inside a transaction to roll it back while carrying a refusal out. */
export class RefusalError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

export const MAX_TEXT = 4096;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === "string" && UUID.test(v);
