import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client";

/**
 * A fingerprint of every table of the app, taken in one query: its row count and the newest
 * transaction that wrote a row (`xmin`: every insert and update writes a row version under a
 * newer transaction id, every delete lowers the count). So a refused call can be shown to have changed nothing anywhere: conversations, messages, the
 * outbox, members, transitions, settings, templates, campaigns, invites, audit rows…
 */
export type Snapshot = Record<string, string>;

let tables: string[] | null = null;

async function appTables(db: Db): Promise<string[]> {
  if (tables) return tables;
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`),
  );
  tables = rows.map((r) => r.name);
  return tables;
}

function rowsOf<T>(r: unknown): T[] {
  return (Array.isArray(r) ? r : ((r as { rows: T[] }).rows ?? [])) as T[];
}

export async function snapshot(db: Db): Promise<Snapshot> {
  const names = await appTables(db);
  const parts = names.map(
    (t) =>
      `select '${t}' as t, count(*)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text as h from "${t}"`,
  );
  const rows = rowsOf<{ t: string; h: string }>(await db.execute(sql.raw(parts.join(" union all "))));
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
}
