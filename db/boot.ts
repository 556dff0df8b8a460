import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { AppConfig } from "../lib/config";
import { openRawClient, wrap, type RawClient } from "./client";
import { migrateDatabase } from "./migrate";
import { seedDemo } from "./seed";

/**
 * Open the database the configuration names, apply migrations, and — on the embedded database
 * only, and only when it is empty — load the demo data (SPEC §3: never on a DATABASE_URL
 * database, where known passwords would be a hole).
 */
export async function bootDatabase(
  config: AppConfig,
  opts: { seedIfEmpty?: boolean } = {},
): Promise<RawClient> {
  const raw = await openRawClient({ url: config.databaseUrl, pglitePath: join(config.dataDir, "pglite") });
  await migrateDatabase(raw, async () => {
    if (raw.kind !== "pglite" || opts.seedIfEmpty === false) return;
    const db = wrap(raw);
    const rows = await db.execute(sql`select count(*)::int as n from businesses`);
    const n = Number(
      (rows as unknown as { rows?: { n: number }[] }).rows?.[0]?.n ??
        (rows as unknown as { n: number }[])[0]?.n,
    );
    if (n === 0) await seedDemo(db);
  });
  return raw;
}
