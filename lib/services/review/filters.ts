import { z } from "zod";
import { CLOSED_REASONS } from "../../domain/conversation-machine";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .or(z.literal("").transform(() => undefined));
const opt = z
  .string()
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

export function filtersToQuery(f: ReviewFilters): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, String(v));
  return p.toString();
}
