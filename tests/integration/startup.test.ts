import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { closeRawClient, openRawClient, wrap } from "../../db/client";
import { acquireDirLock, DataDirLockedError } from "../../db/dir-lock";
import { migrateDatabase } from "../../db/migrate";
import { businesses, members } from "../../db/schema";
import { seedDemo } from "../../db/seed";
import { openTestDb } from "../helpers/db";

const tmp = () => mkdtempSync(join(tmpdir(), "sb-start-"));

describe("starting the server", () => {
  it.each([
    ["AUTO_CLOSE_SWEEP_SECONDS", "-1"],
    ["AUTO_CLOSE_SWEEP_SECONDS", "soon"],
    ["DATABASE_URL", "not a url"],
  ])("with %s=%s exits non-zero with one line naming it", (name, value) => {
    const r = spawnSync("npx", ["tsx", "server.ts"], {
      env: { ...process.env, DATA_DIR: tmp(), [name]: value, NODE_ENV: "production" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBeNull();
    const lines = r.stderr
      .trim()
      .split("\n")
      .filter((l) => l.includes(name));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: /);
  });

  it.each([
    [{ WHATSAPP_ACCESS_TOKEN: "EAAB-real-token", WHATSAPP_APP_SECRET: "" }, "WHATSAPP_APP_SECRET"],
    [{ SWITCHBOARD_E2E: "1", DATABASE_URL: "postgres://127.0.0.1:1/nowhere" }, "SWITCHBOARD_E2E"],
  ])("with %j exits non-zero with one line naming %s", (env, name) => {
    const r = spawnSync("npx", ["tsx", "server.ts"], {
      env: { ...process.env, DATA_DIR: tmp(), NODE_ENV: "production", ...env },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBeNull();
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: /);
    expect(lines[0]).toContain(name);
  });
});

describe("the embedded database's directory lock", () => {
  it("refuses a second opener while the first process lives, with a clear message", async () => {
    const dir = join(tmp(), "pglite");
    const holder = spawn("sleep", ["30"]);
    try {
      writeFileSync(`${dir}.lock`, String(holder.pid));
      expect(() => acquireDirLock(dir)).toThrow(DataDirLockedError);
      expect(() => acquireDirLock(dir)).toThrow(/already open in process \d+.*DATABASE_URL/);
    } finally {
      holder.kill();
    }
  });

  it("takes over a lock left by a process that died", async () => {
    const dir = join(tmp(), "pglite");
    const dead = spawnSync("true").pid!;
    writeFileSync(`${dir}.lock`, String(dead));
    expect(() => acquireDirLock(dir)).not.toThrow();
  });

  it("keeps data across a reopen", async () => {
    const dir = join(tmp(), "pglite");
    const first = await openRawClient({ pglitePath: dir });
    await migrateDatabase(first);
    await seedDemo(wrap(first), { samples: false });
    await closeRawClient(first);
    const again = await openRawClient({ pglitePath: dir });
    const [{ n }] = await wrap(again).select({ n: count() }).from(members);
    expect(n).toBe(7);
    // Seeding again is a no-op.
    expect(await seedDemo(wrap(again), { samples: false })).toEqual({ created: false });
    expect((await wrap(again).select({ n: count() }).from(businesses))[0].n).toBe(2);
    await closeRawClient(again);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  "two instances starting together on an empty PostgreSQL database",
  () => {
    it("both migrate and seed without a race: one set of demo data", async () => {
      const t = await openTestDb("postgres");
      try {
        // openTestDb already migrated once; drop to an empty schema to start from nothing.
        if (t.raw.kind !== "postgres") throw new Error("expected PostgreSQL");
        await t.raw.sql.unsafe(
          "drop schema public cascade; create schema public; drop schema if exists drizzle cascade;",
        );
        const a = await openRawClient({ url: t.raw.url, max: 2 });
        const b = await openRawClient({ url: t.raw.url, max: 2 });
        await Promise.all([
          migrateDatabase(a, async () => void (await seedDemo(wrap(a), { samples: false }))),
          migrateDatabase(b, async () => void (await seedDemo(wrap(b), { samples: false }))),
        ]);
        const [{ n }] = await wrap(a).select({ n: count() }).from(businesses);
        expect(n).toBe(2);
        await Promise.all([closeRawClient(a), closeRawClient(b)]);
      } finally {
        await t.close();
      }
    });
  },
);
