// Fresh test databases, usable from vitest and from plain scripts (bench).
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { closeRawClient, openRawClient, wrap, type Db, type RawClient } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";

export type TestDb = { kind: "pglite" | "postgres"; db: Db; raw: RawClient };

/** A fresh database on the server of TEST_DATABASE_URL, dropped afterwards. */
async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `sb_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export async function openTestDb(
  kind: "pglite" | "postgres",
  opts: { max?: number } = {},
): Promise<TestDb & { close: () => Promise<void> }> {
  if (kind === "pglite") {
    const raw = await openRawClient({ pglitePath: "memory://" });
    await migrateDatabase(raw);
    return { kind, raw, db: wrap(raw), close: () => closeRawClient(raw) };
  }
  const fresh = await freshPostgres();
  const raw = await openRawClient({ url: fresh.url, max: opts.max ?? 25 });
  await migrateDatabase(raw);
  return {
    kind,
    raw,
    db: wrap(raw),
    close: async () => {
      await closeRawClient(raw);
      await fresh.drop();
    },
  };
}
