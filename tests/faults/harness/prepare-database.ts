import { randomBytes } from "node:crypto";
import { closeRawClient, openRawClient, wrap, type RawClient } from "../../../db/client";
import { migrateDatabase } from "../../../db/migrate";
import { seedDemo } from "../../../db/seed";
import type { OwnPostgres } from "./start-postgres";

/**
 * A fresh database on the test's own cluster with the schema and the demo businesses and
 * members (no sample conversations): the app never seeds a DATABASE_URL database itself.
 */
export async function prepareDatabase(pg: OwnPostgres): Promise<string> {
  const url = await pg.createDatabase(`sb_fault_${randomBytes(4).toString("hex")}`);
  const raw = await openRawClient({ url, max: 2 });
  try {
    await migrateDatabase(raw);
    await seedDemo(wrap(raw), { samples: false });
  } finally {
    await closeRawClient(raw);
  }
  return url;
}

/** The test's own read-only view of the database, to check what was stored. */
export async function openChecker(url: string): Promise<RawClient & { kind: "postgres" }> {
  return (await openRawClient({ url, max: 3 })) as RawClient & { kind: "postgres" };
}
