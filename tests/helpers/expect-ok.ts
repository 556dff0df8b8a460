import { expect } from "vitest";

/**
 * The result of a call that must have succeeded, narrowed to its success: a refusal fails the
 * test with its code and message. Use instead of `expect(r.ok && r.rows)…`, which a refusal can
 * pass (`false` is not in any list, and "contains nothing of the other business").
 */
export function expectOk<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) expect.fail(`expected success, got ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}
