/** The rows of a raw `db.execute` result: postgres.js returns the rows array itself, PGlite `{ rows }`. */
export function rowsOf(r: unknown): Record<string, unknown>[] {
  return (Array.isArray(r) ? r : (r as { rows: Record<string, unknown>[] }).rows) as Record<
    string,
    unknown
  >[];
}
