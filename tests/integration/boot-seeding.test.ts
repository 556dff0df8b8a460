import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bootDatabase } from "../../db/boot";
import { closeRawClient, wrap } from "../../db/client";
import { businesses, members } from "../../db/schema";
import { parseConfig } from "../../lib/config";
import { openTestDb, POSTGRES_AVAILABLE } from "../helpers/db";

/**
 * SPEC §3: the server loads the demo data (known passwords) on an empty embedded database only,
 * never on a DATABASE_URL database. The e2e suite seeds its PostgreSQL database explicitly
 * (scripts/e2e-database.ts) and relies on this staying so.
 */
async function countsAfterBoot(env: Record<string, string>) {
  const raw = await bootDatabase(parseConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), "sb-boot-")), ...env }));
  try {
    const db = wrap(raw);
    const [b] = await db.select({ n: count() }).from(businesses);
    const [m] = await db.select({ n: count() }).from(members);
    return { businesses: b.n, members: m.n };
  } finally {
    await closeRawClient(raw);
  }
}

describe("booting the server's database", () => {
  it("loads the demo data on an empty embedded database", async () => {
    expect(await countsAfterBoot({})).toEqual({ businesses: 2, members: 7 });
  });

  it.skipIf(!POSTGRES_AVAILABLE)("never loads the demo data on an empty DATABASE_URL database", async () => {
    const t = await openTestDb("postgres");
    try {
      if (t.raw.kind !== "postgres") throw new Error("expected PostgreSQL");
      expect(await countsAfterBoot({ DATABASE_URL: t.raw.url })).toEqual({ businesses: 0, members: 0 });
    } finally {
      await t.close();
    }
  });
});
