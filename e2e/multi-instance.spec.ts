import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import postgres from "postgres";
import { io, type Socket } from "socket.io-client";
import { closeRawClient, openRawClient, wrap } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { seedDemo } from "../db/seed";
import type { LiveEvent } from "../lib/realtime/events";
import { customerWrites, uniqueWaId } from "./fixtures/whatsapp";
import { E2E_APP_SECRET } from "../playwright.config";

/**
 * Two app instances on one PostgreSQL database with REDIS_URL: an event caused on instance A
 * reaches a member's socket on instance B, and never a member of another business.
 */
const BASE = process.env.TEST_DATABASE_URL;
const REDIS = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379";
test.skip(!BASE, "needs TEST_DATABASE_URL (CI sets it)");

const PORTS: number[] = [];

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
const procs: ChildProcess[] = [];
let dbName = "";

const stderrOf = new Map<number, string>();

async function waitHealthy(port: number) {
  for (let i = 0; i < 120; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`instance on ${port} did not become healthy:\n${stderrOf.get(port)?.slice(-2000) ?? ""}`);
}

/** Sign in over HTTP exactly as the login form does, and return the session cookie header. */
async function sessionCookie(port: number, email: string) {
  const ctx = await playwrightRequest.newContext({ baseURL: `http://127.0.0.1:${port}` });
  const { csrfToken } = await (await ctx.get("/api/auth/csrf")).json();
  await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password: "demo-password", callbackUrl: "/inbox/open" },
    maxRedirects: 0,
  });
  const cookies = (await ctx.storageState()).cookies;
  await ctx.dispose();
  const session = cookies.find((c) => c.name === "authjs.session-token");
  if (!session) throw new Error(`sign-in failed for ${email}`);
  return `${session.name}=${session.value}`;
}

function listen(port: number, cookie: string): Promise<{ socket: Socket; events: LiveEvent[] }> {
  return new Promise((resolve, reject) => {
    const socket = io(`http://127.0.0.1:${port}`, { extraHeaders: { cookie }, transports: ["websocket"] });
    const events: LiveEvent[] = [];
    socket.on("event", (e: LiveEvent) => events.push(e));
    socket.on("connect", () => resolve({ socket, events }));
    socket.on("connect_error", reject);
  });
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dbName = `sb_multi_${randomBytes(4).toString("hex")}`;
  const admin = postgres(BASE!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  await admin.end();
  const url = new URL(BASE!);
  url.pathname = `/${dbName}`;
  const raw = await openRawClient({ url: url.toString(), max: 2 });
  await migrateDatabase(raw);
  await seedDemo(wrap(raw), { samples: false });
  await closeRawClient(raw);
  PORTS.push(await freePort(), await freePort());
  for (const port of PORTS) {
    // Its own process group, so that stopping it also stops the node process npx starts.
    const p = spawn("npx", ["tsx", "server.ts"], {
      detached: true,
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        DATABASE_URL: url.toString(),
        REDIS_URL: REDIS,
        WHATSAPP_APP_SECRET: E2E_APP_SECRET,
        WHATSAPP_ACCESS_TOKEN: "",
        DATA_DIR: `.data-multi-${port}`,
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    stderrOf.set(port, "");
    p.stderr?.on("data", (d) => stderrOf.set(port, (stderrOf.get(port) ?? "") + String(d)));
    procs.push(p);
  }
  await Promise.all(PORTS.map(waitHealthy));
});

test.afterAll(async () => {
  for (const p of procs) if (p.pid) process.kill(-p.pid, "SIGTERM");
  await new Promise((r) => setTimeout(r, 1000));
  const admin = postgres(BASE!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
});

test("an event on instance A reaches members on instance B through Redis, and only their business", async () => {
  const asha = await listen(PORTS[1], await sessionCookie(PORTS[1], "asha@demo.test"));
  const gina = await listen(PORTS[1], await sessionCookie(PORTS[1], "gina@globex.test"));
  const onA = await playwrightRequest.newContext({ baseURL: `http://127.0.0.1:${PORTS[0]}` });
  await customerWrites(onA, { waId: uniqueWaId(), text: "Hello from instance A" });
  await expect
    .poll(() => asha.events.some((e) => e.type === "conversation.created"), { timeout: 5000 })
    .toBe(true);
  const demoCo = asha.events.find((e) => e.type === "conversation.created")!.businessId;
  // Then a Globex customer writes on A: once Gina hears that later event, Demo Co's earlier one
  // would have reached her before it (one publisher, one ordered Redis channel) if it ever were to.
  await customerWrites(onA, { to: "globex", waId: uniqueWaId(), text: "Hello Globex from instance A" });
  await expect
    .poll(() => gina.events.some((e) => e.type === "conversation.created"), { timeout: 5000 })
    .toBe(true);
  expect(gina.events.filter((e) => e.businessId === demoCo)).toEqual([]);
  asha.socket.close();
  gina.socket.close();
  await onA.dispose();
});

test("an anonymous socket is refused", async () => {
  const err = await new Promise<Error>((resolve) => {
    const s = io(`http://127.0.0.1:${PORTS[0]}`, { transports: ["websocket"], reconnection: false });
    s.on("connect_error", (e) => {
      s.close();
      resolve(e);
    });
  });
  expect(err.message).toBe("unauthorized");
});
