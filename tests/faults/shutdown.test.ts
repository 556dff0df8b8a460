import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeRawClient, openRawClient, wrap } from "../../db/client";
import { conversations, messages } from "../../db/schema";
import { FakeGraph } from "../helpers/fake-graph";

// The real server process (server.ts under tsx on the production build, as the e2e suite runs
// it) on a fresh embedded database, sending through a fake Graph API that answers slowly.

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function until(check: () => boolean | Promise<boolean>, what: string, limitMs = 120_000) {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const graph = new FakeGraph();
const dataDir = mkdtempSync(join(tmpdir(), "switchboard-shutdown-"));
let port = 0;

function startServer(): { proc: ChildProcess; exited: Promise<number | null>; log: () => string } {
  let out = "";
  // node itself (with tsx's loader) so that the signal reaches the server, not a wrapper.
  const proc = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      REDIS_URL: "",
      WHATSAPP_ACCESS_TOKEN: graph.token,
      WHATSAPP_GRAPH_URL: graph.url,
      WHATSAPP_APP_SECRET: "shutdown-app-secret",
      WHATSAPP_VERIFY_TOKEN: "shutdown-verify-token",
      LOG_LEVEL: "info",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout?.on("data", (d) => {
    out += String(d);
  });
  proc.stderr?.on("data", (d) => {
    out += String(d);
  });
  const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
  return { proc, exited, log: () => out };
}

async function healthy(): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/health`)).ok;
  } catch {
    return false;
  }
}

/** The data dir, opened by this test process while no server runs (as the next start would). */
async function withDataDir<T>(fn: (db: ReturnType<typeof wrap>) => Promise<T>): Promise<T> {
  const raw = await openRawClient({ pglitePath: join(dataDir, "pglite") });
  try {
    return await fn(wrap(raw));
  } finally {
    await closeRawClient(raw);
  }
}

beforeAll(async () => {
  await graph.start();
  port = await freePort();
});
afterAll(async () => {
  await graph.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it("SIGTERM during a slow send: the send completes and is recorded, the process exits 0, the data dir opens again", async () => {
  // First start seeds the fresh embedded database; a SIGTERM with nothing going on exits 0.
  const first = startServer();
  await until(healthy, `the first start to answer (${first.log().slice(-500)})`);
  first.proc.kill("SIGTERM");
  expect(await first.exited).toBe(0);

  // A reply waiting in the outbox, committed while no server runs.
  const messageId = await withDataDir(async (db) => {
    const [conv] = await db.select().from(conversations).where(eq(conversations.state, "open")).limit(1);
    const [m] = await db
      .insert(messages)
      .values({
        businessId: conv.businessId,
        numberId: conv.numberId,
        customerId: conv.customerId,
        conversationId: conv.id,
        direction: "outbound",
        type: "text",
        body: "Sent while shutting down",
        status: "queued",
        nextAttemptAt: new Date(),
      })
      .returning({ id: messages.id });
    return m.id;
  });

  graph.sendDelayMs = 3_000;
  const second = startServer();
  const ours = () =>
    graph.sends().filter((s) => (s.body?.text as { body?: string })?.body === "Sent while shutting down");
  await until(() => ours().length === 1 && graph.inFlight === 1, "the send to be on its way");
  second.proc.kill("SIGTERM");
  // It stops accepting connections at once, while the send is still in flight.
  await until(async () => !(await healthy()), "the server to stop accepting");
  expect(graph.inFlight).toBe(1);
  expect(await second.exited).toBe(0);
  expect(ours()).toHaveLength(1);

  const row = await withDataDir(async (db) =>
    (
      await db
        .select()
        .from(messages)
        .where(and(eq(messages.id, messageId)))
    ).at(0),
  );
  expect(row?.status).toBe("sent");
  expect(row?.wamid).toMatch(/^wamid\.FAKE/);
});
