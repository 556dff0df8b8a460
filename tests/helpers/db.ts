import { afterAll, beforeAll, describe } from "vitest";
import { openTestDb, type TestDb } from "./test-db";

export { openTestDb, type TestDb };

/** Real PostgreSQL is there to test on (`npm test` sets this when a local server answers). */
export const POSTGRES_AVAILABLE = Boolean(process.env.TEST_DATABASE_URL);

export const DB_KINDS: ("pglite" | "postgres")[] = POSTGRES_AVAILABLE ? ["pglite", "postgres"] : ["pglite"];

/**
 * Run the same suite on the embedded database and on real PostgreSQL. Without TEST_DATABASE_URL
 * the PostgreSQL half is still registered, as skipped, so the closing line counts what did not
 * run instead of hiding it. `ctx.db` is valid inside tests.
 */
export function describeEachDb(
  name: string,
  fn: (ctx: TestDb) => void,
  opts: { kinds?: ("pglite" | "postgres")[] } = {},
) {
  for (const kind of opts.kinds ?? ["pglite", "postgres"]) {
    const skip = kind === "postgres" && !POSTGRES_AVAILABLE;
    describe.skipIf(skip)(`${name} [${kind}]`, () => {
      const ctx = { kind } as TestDb;
      let close: () => Promise<void> = async () => {};
      beforeAll(async () => {
        const t = await openTestDb(kind);
        ctx.db = t.db;
        ctx.raw = t.raw;
        close = t.close;
      });
      afterAll(() => close());
      fn(ctx);
    });
  }
}
