import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "../../db/migrate";
import { DB_KINDS } from "../helpers/db";

/**
 * media_cache kept files as base64 text before 0003_media_safety; a database with such rows
 * must come out of the migration with the same bytes in the bytea column.
 */
const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8")) as {
  entries: { idx: number; tag: string }[];
};

/** The migrations folder as it was before this one: every migration with a lower idx. */
function migrationsBefore(tag: string): string {
  const stop = journal.entries.find((e) => e.tag === tag)!.idx;
  const dir = mkdtempSync(join(tmpdir(), "sb-migrations-"));
  mkdirSync(join(dir, "meta"));
  const entries = journal.entries.filter((e) => e.idx < stop);
  for (const e of entries) copyFileSync(join(MIGRATIONS_DIR, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  writeFileSync(join(dir, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
  return dir;
}

type Run = (text: string) => Promise<Record<string, unknown>[]>;
type Opened = { run: Run; migrate: (folder: string) => Promise<void>; close: () => Promise<void> };

async function open(kind: "pglite" | "postgres"): Promise<Opened> {
  if (kind === "pglite") {
    const pg = new PGlite("memory://");
    await pg.waitReady;
    return {
      run: async (text) => (await pg.query<Record<string, unknown>>(text)).rows,
      migrate: (folder) => migratePglite(drizzlePglite(pg), { migrationsFolder: folder }),
      close: () => pg.close(),
    };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const name = `sb_test_mig_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  return {
    run: async (text) => [...(await sql.unsafe(text))] as Record<string, unknown>[],
    migrate: (folder) => migratePostgres(drizzlePostgres(sql), { migrationsFolder: folder }),
    close: async () => {
      await sql.end();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

const before = migrationsBefore("0003_media_safety");
afterAll(() => rmSync(before, { recursive: true, force: true }));

for (const kind of DB_KINDS) {
  describe(`0003_media_safety on a database with cached files [${kind}]`, () => {
    it("decodes every base64 row into the bytea column, byte for byte", async () => {
      const db = await open(kind);
      try {
        await db.migrate(before);
        const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0xc3, 0x28]);
        const text = Buffer.from("plain text ✓");
        await db.run(`insert into businesses (name, waba_id) values ('Old Co', '900000000000777')`);
        await db.run(`insert into media_cache (media_id, business_id, mime_type, bytes_base64, fetched_at)
          select m.id, b.id, 'image/png', m.b64, now() - interval '3 days'
          from businesses b, (values ('m1', '${png.toString("base64")}'), ('m2', '${text.toString("base64")}'), ('m3', '')) as m(id, b64)`);

        await db.migrate(MIGRATIONS_DIR);

        const rows = await db.run(
          `select media_id, encode(bytes, 'hex') as hex, used_at = fetched_at as used_from_fetch
           from media_cache order by media_id`,
        );
        expect(rows).toEqual([
          { media_id: "m1", hex: png.toString("hex"), used_from_fetch: true },
          { media_id: "m2", hex: text.toString("hex"), used_from_fetch: true },
          { media_id: "m3", hex: "", used_from_fetch: true },
        ]);
        const columns = await db.run(
          `select column_name, data_type from information_schema.columns where table_name = 'media_cache' order by column_name`,
        );
        expect(columns).toContainEqual({ column_name: "bytes", data_type: "bytea" });
        expect(columns.map((c) => c.column_name)).not.toContain("bytes_base64");
      } finally {
        await db.close();
      }
    });
  });
}
