/**
 * Keyset cursors for the inbox lists: (last_activity_at, id), newest first. The timestamp is
 * kept as PostgreSQL's own text so that microseconds survive the round trip.
 */
export type Cursor = { at: string; id: string };

// PostgreSQL's timestamptz text, e.g. "2026-11-25 23:01:00.123456+00" (offsets may carry minutes).
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(?:([+-])(\d{2})(?::?(\d{2}))?|Z)?$/;

/**
 * The shape alone lets "2024-13-45 25:61:61" through, which PostgreSQL refuses with an error
 * (a 500 for the caller): check that it names a real instant in the years Switchboard can hold.
 */
function isRealTimestamp(text: string): boolean {
  const m = TIMESTAMP.exec(text);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const offH = m[9] === undefined ? 0 : Number(m[9]);
  const offM = m[10] === undefined ? 0 : Number(m[10]);
  if (y < 1970 || y > 9999 || h > 23 || mi > 59 || s > 59 || offH > 15 || offM > 59) return false;
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}
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
    if (!isRealTimestamp(at)) return null;
    return { at, id };
  } catch {
    return null;
  }
}
