/**
 * Keyset cursors for the inbox lists: (last_activity_at, id), newest first. The timestamp is
 * kept as PostgreSQL's own text so that microseconds survive the round trip.
 */
export type Cursor = { at: string; id: string };

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
    if (Number.isNaN(Date.parse(at.replace(" ", "T")))) return null;
    return { at, id };
  } catch {
    return null;
  }
}
