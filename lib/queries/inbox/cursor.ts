/**
 * Keyset cursors for the inbox lists: (last_activity_at, id), newest first. The timestamp is
 * kept as PostgreSQL's own text so that microseconds survive the round trip.
 */
export type Cursor = { at: string; id: string };

// PostgreSQL's timestamptz text, e.g. "2026-11-25 23:01:00.123456+00" (offsets may carry minutes).
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id]), "utf8").toString("base64url");
}

/** null for anything that is not a cursor we made (a bad cursor reads as "from the top"). */
export function decodeCursor(raw: string | null | undefined): Cursor | null {
  if (!raw || raw.length > 200) return null;
  try {
    const v = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (!Array.isArray(v) || v.length !== 2) return null;
    const [at, id] = v;
    if (typeof at !== "string" || typeof id !== "string" || !UUID.test(id)) return null;
    if (!TIMESTAMP.test(at)) return null;
    return { at, id };
  } catch {
    return null;
  }
}
