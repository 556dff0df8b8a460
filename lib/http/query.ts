import { z } from "zod";

/**
 * Query-string values as route handlers read them: a page size is a whole number in range or the
 * request is refused (never passed on to SQL as 1.5 or -3, where it would fail as a 500).
 */
export function pageLimit(max: number) {
  return z
    .string()
    .regex(/^\d{1,6}$/, "limit must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(1, "limit must be at least 1").max(max, `limit must be at most ${max}`))
    .optional();
}

/** A 400 in the JSON routes' error shape, with a reason a developer can act on. */
export const badRequest = (error: string, message?: string) =>
  Response.json({ error, message: message ?? error }, { status: 400 });
