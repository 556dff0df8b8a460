// A fingerprint of what people see in the database: row counts and a hash of the rows, per table,
// optionally of one business only. Comparing two fingerprints says whether a call changed anything.
// Columns the background workers move on their own (delivery status of queued messages, the event
// counter they bump) are left out, so a fingerprint only moves when a request changed something.
import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client";

const TABLES: Record<string, string[]> = {
  businesses: ["event_seq"],
  waba_numbers: [],
  members: [],
  customers: [],
  conversations: ["updated_at", "window_closed_at"],
  messages: ["status", "attempts", "next_attempt_at", "status_at", "error_code", "error_message", "wamid"],
  conversation_events: [],
  conversation_reads: [],
  templates: [],
  campaigns: [],
  invites: [],
};

/** "table/business id" → "row count:hash of the rows" */
export type Fingerprint = Record<string, string>;

/** One round trip: every table's rows hashed, grouped by the business each row belongs to. */
export async function fingerprint(db: Db): Promise<Fingerprint> {
  const parts = Object.entries(TABLES).map(([table, volatile]) => {
    const owner =
      table === "businesses"
        ? "t.id"
        : table === "conversation_reads"
          ? "(select c.business_id from conversations c where c.id = t.conversation_id)"
          : "t.business_id";
    const drop = volatile.map((c) => ` - '${c}'`).join("");
    return `select '${table}' as t, b::text as b, count(*)::int as n, md5(string_agg(h, '' order by h)) as h
              from (select ${owner} as b, md5((to_jsonb(t)${drop})::text) as h from ${table} t) x group by b`;
  });
  const r = await db.execute(sql.raw(parts.join("\nunion all\n")));
  const rows = (Array.isArray(r) ? r : (r as unknown as { rows: unknown[] }).rows) as {
    t: string;
    b: string;
    n: number;
    h: string;
  }[];
  const out: Fingerprint = {};
  for (const row of rows) out[`${row.t}/${row.b}`] = `${row.n}:${row.h}`;
  return out;
}

/** The "table/business" keys whose rows differ between two fingerprints (optionally of one business). */
export function changed(a: Fingerprint, b: Fingerprint, businessId?: string): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => (!businessId || k.endsWith(`/${businessId}`)) && a[k] !== b[k]);
}
