/**
 * PostgreSQL's jsonb refuses some things JSON.parse accepts: the NUL character and lone UTF-16
 * surrogates inside strings, and very deep nesting. A signed body carrying them must get a 400
 * or be stored cleaned, never a 5xx (which would make Meta retry it for a week).
 */
export const MAX_DEPTH = 64;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function cleanString(s: string): string {
  return s.split("\u0000").join("\ufffd").replace(LONE_SURROGATE, "\ufffd");
}

/** Depth of a parsed JSON value, iteratively (a recursive walk could overflow the stack). */
export function jsonDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    max = Math.max(max, d);
    if (max > MAX_DEPTH) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/** A copy safe for jsonb (call after jsonDepth has bounded the depth). */
export function cleanForJsonb(value: unknown): unknown {
  if (typeof value === "string") return cleanString(value);
  if (Array.isArray(value)) return value.map(cleanForJsonb);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[cleanString(k)] = cleanForJsonb(v);
    return out;
  }
  return value;
}
