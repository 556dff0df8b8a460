import { z } from "zod";
import { storableText } from "../../validation/storable-text";
import { CLOSED_REASONS } from "../../domain/conversation-machine";

/** A real calendar day (2024-13-01 and 2023-02-29 are not) in years PostgreSQL and Switchboard hold. */
function isRealDay(v: string): boolean {
  const [y, m, d] = v.split("-").map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return (
    y >= 1970 && y <= 9999 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
  );
}

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(isRealDay, "not a real date")
  .optional()
  .or(z.literal("").transform(() => undefined));
const opt = storableText()
  .trim()
  .max(200)
  .optional()
  .transform((v) => v || undefined);
const uuid = z
  .string()
  .uuid()
  .optional()
  .or(z.literal("").transform(() => undefined));

/**
 * The closed-review filters as they travel in the address bar (the list, the CSV export and the
 * transcript's back link share them). Dates are whole days in UTC; `to` includes its day.
 */
export const reviewFiltersSchema = z.object({
  from: day,
  to: day,
  member: uuid,
  number: uuid,
  reason: z
    .enum(CLOSED_REASONS)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  customer: opt,
  q: opt,
});
export type ReviewFilters = {
  [K in keyof z.infer<typeof reviewFiltersSchema>]?: Exclude<
    z.infer<typeof reviewFiltersSchema>[K],
    undefined
  >;
};

/** Parse search params leniently: anything malformed is dropped rather than failing the page. */
export function parseReviewFilters(
  params: Record<string, string | string[] | undefined> | URLSearchParams,
): ReviewFilters {
  const get = (k: string) => {
    const v = params instanceof URLSearchParams ? params.get(k) : params[k];
    return (Array.isArray(v) ? v[0] : v) ?? undefined;
  };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(reviewFiltersSchema.shape) as (keyof ReviewFilters)[]) {
    const field = reviewFiltersSchema.shape[key].safeParse(get(key) ?? undefined);
    if (field.success && field.data !== undefined) out[key] = field.data;
  }
  return out as ReviewFilters;
}

/**
 * The filters present in the address but malformed (e.g. `from=2024-13-01`), by name: the CSV
 * export refuses them with a 400 and the review page says which it ignored.
 */
export function invalidReviewFilters(
  params: Record<string, string | string[] | undefined> | URLSearchParams,
): (keyof ReviewFilters)[] {
  const bad: (keyof ReviewFilters)[] = [];
  for (const key of Object.keys(reviewFiltersSchema.shape) as (keyof ReviewFilters)[]) {
    const raw = params instanceof URLSearchParams ? params.get(key) : params[key];
    const v = (Array.isArray(raw) ? raw[0] : raw) ?? undefined;
    if (v !== undefined && !reviewFiltersSchema.shape[key].safeParse(v).success) bad.push(key);
  }
  return bad;
}

export function filtersToQuery(f: ReviewFilters): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, String(v));
  return p.toString();
}
