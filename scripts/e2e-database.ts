// The e2e suite's PostgreSQL database (playwright.config.ts). `create`: a fresh database named by
// DATABASE_URL on the server of E2E_POSTGRES_ADMIN_URL, migrated and loaded with the demo data —
// explicitly, because the server never seeds a DATABASE_URL database (SPEC §3) — after dropping
// e2e databases left behind by runs that died hours ago. `drop`: that database, after the run.
import postgres from "postgres";
import { parseConfig } from "../lib/config";
import { bootDatabase } from "../db/boot";
import { closeRawClient, wrap } from "../db/client";
import { seedDemo } from "../db/seed";

/** sb_e2e_<milliseconds since 1970>_<random hex>: the time tells a stale database from a live run's. */
export const E2E_DATABASE_PATTERN = /^sb_e2e_(\d{13})_[0-9a-f]+$/;
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

function target(): { admin: string; name: string } {
  const admin = process.env.E2E_POSTGRES_ADMIN_URL;
  const url = process.env.DATABASE_URL;
  if (!admin || !url) throw new Error("E2E_POSTGRES_ADMIN_URL and DATABASE_URL must both be set");
  const name = new URL(url).pathname.slice(1);
  // Only ever create or drop a database this script named: never a real one by a typo.
  if (!E2E_DATABASE_PATTERN.test(name)) throw new Error(`not an e2e database name: ${name}`);
  return { admin, name };
}

async function create() {
  const { admin, name } = target();
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<
      { datname: string }[]
    >`select datname from pg_database where datname like 'sb_e2e_%'`;
    for (const { datname } of rows) {
      const started = Number(E2E_DATABASE_PATTERN.exec(datname)?.[1]);
      if (started && Date.now() - started > STALE_AFTER_MS)
        await sql.unsafe(`drop database if exists "${datname}" with (force)`);
    }
    await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end();
  }
  const raw = await bootDatabase(parseConfig(), { seedIfEmpty: false });
  await seedDemo(wrap(raw));
  await closeRawClient(raw);
}

/** Drop the run's database; `with (force)` ends the connections of a server still stopping. */
export async function dropE2eDatabase(admin: string, name: string) {
  if (!E2E_DATABASE_PATTERN.test(name)) throw new Error(`not an e2e database name: ${name}`);
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await sql.end();
  }
}

if (process.argv[1]?.endsWith("e2e-database.ts")) {
  const step = process.argv[2];
  (step === "create"
    ? create()
    : step === "drop"
      ? dropE2eDatabase(target().admin, target().name)
      : Promise.reject(new Error(`usage: e2e-database.ts create|drop`))
  ).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
