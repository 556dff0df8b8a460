import { afterAll, beforeAll, describe } from "vitest";
import { openTestDb, type TestDb } from "./test-db";

export { openTestDb, type TestDb };

export const DB_KINDS: ("pglite" | "postgres")[] = process.env.TEST_DATABASE_URL
  ? ["pglite", "postgres"]
  : ["pglite"];

/**
 * Run the same suite on the embedded database and, when TEST_DATABASE_URL is set, on real
 * PostgreSQL. `ctx.db` is valid inside tests.
 */
export function describeEachDb(
  name: string,
  fn: (ctx: TestDb) => void,
  opts: { kinds?: ("pglite" | "postgres")[] } = {},
) {
  for (const kind of opts.kinds ?? DB_KINDS) {
    describe(`${name} [${kind}]`, () => {
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
