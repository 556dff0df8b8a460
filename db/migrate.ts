import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { join } from "node:path";
import postgres from "postgres";
import type { RawClient } from "./client";

// Resolved from the project root (every entry point runs there), so it works the same under
// tsx, vitest, Playwright and Next's bundles, whichever module format they compile to.
export const MIGRATIONS_DIR = join(process.cwd(), "db", "migrations");

/** Any constant works; it only has to be the same in every instance of the app. */
const MIGRATION_LOCK = 727_274_001;

/**
 * Apply migrations (and run `afterMigrate`, e.g. the demo seed) while holding a PostgreSQL
 * advisory lock, so that two instances starting together on an empty database do not race.
 */
export async function migrateDatabase(raw: RawClient, afterMigrate?: () => Promise<void>): Promise<void> {
  if (raw.kind === "pglite") {
    await migratePglite(drizzlePglite(raw.pg), { migrationsFolder: MIGRATIONS_DIR });
    await afterMigrate?.();
    return;
  }
  // One dedicated connection holds the session-level lock for the whole run.
  const lockSql = postgres(raw.url, { max: 1, onnotice: () => {} });
  try {
    await lockSql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres(lockSql), { migrationsFolder: MIGRATIONS_DIR });
    await afterMigrate?.();
    await lockSql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await lockSql.end({ timeout: 5 });
  }
}
