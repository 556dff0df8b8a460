// The real built app (`next build` first) as its own process group, on a fresh PostgreSQL
// database of the machine's server that this file creates, seeds with the demo data and drops.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { closeRawClient, openRawClient, wrap, type Db, type RawClient } from "../../../db/client";
import { migrateDatabase } from "../../../db/migrate";
import { seedDemo } from "../../../db/seed";

export const APP_SECRET = "fault-app-secret";
export const VERIFY_TOKEN = "fault-verify-token";

export interface AppUnderTest {
  base: string;
  port: number;
  db: Db;
  /** the server's stderr so far (its 5xx stacks land here) */
  stderr: () => string;
  stop: () => Promise<void>;
}

async function waitFor(
  check: () => Promise<boolean>,
  ms: number,
  what: string,
  giveUp: () => string | null = () => null,
) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    // Outside the catch: an app that exited at start (a configuration error) is reported at once.
    const reason = giveUp();
    if (reason) throw new Error(reason);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function startApp(opts: { port: number; env?: Record<string, string> }): Promise<AppUnderTest> {
  // Any database on the server will do: the test creates its own beside it and drops it after.
  const server = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `sb_fault_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;

  // Demo data is never loaded on a DATABASE_URL database by the app itself: the test does it.
  const raw: RawClient = await openRawClient({ url: url.toString(), max: 4 });
  await migrateDatabase(raw);
  const db = wrap(raw);
  await seedDemo(db);

  const dataDir = mkdtempSync(join(tmpdir(), "sb-fault-"));
  const base = `http://127.0.0.1:${opts.port}`;
  let stderr = "";
  const child: ChildProcess = spawn("npx", ["tsx", "server.ts"], {
    cwd: join(__dirname, "../../.."),
    detached: true, // its own process group, so stop() ends tsx, node and whatever they started
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(opts.port),
      DATA_DIR: dataDir,
      DATABASE_URL: url.toString(),
      REDIS_URL: "",
      AUTH_SECRET: "fault-auth-secret-0123456789abcdef",
      AUTH_URL: "",
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
      WHATSAPP_ACCESS_TOKEN: "",
      // Nothing falls due during a short run, so the sweeper never changes what a test compares.
      AUTO_CLOSE_AFTER_MINUTES: "43200",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      // As deployed: no test-only routes (SWITCHBOARD_E2E), whatever the caller's environment has.
      SWITCHBOARD_E2E: "",
      ...opts.env,
    },
  });
  child.stderr?.on("data", (d) => {
    stderr += String(d);
  });
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });

  const stop = async () => {
    if (!exited && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      await waitFor(async () => exited, 10_000, "the app to exit").catch(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {}
      });
    }
    await closeRawClient(raw);
    const a = postgres(server, { max: 1, onnotice: () => {} });
    await a.unsafe(`drop database if exists ${name} with (force)`);
    await a.end();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitFor(
      async () => (await fetch(`${base}/api/health`)).ok,
      180_000,
      "the app's health check",
      () => (exited ? `the app exited: ${stderr.slice(-2000)}` : null),
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { base, port: opts.port, db, stderr: () => stderr, stop };
}
