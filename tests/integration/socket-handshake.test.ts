import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeRawClient, setGlobalClient, wrap } from "../../db/client";
import { members } from "../../db/schema";
import { attachRealtime } from "../../lib/realtime/server";
import { endAllSessions } from "../../lib/services/auth/session-version";
import { DB_KINDS, describeEachDb, openTestDb } from "../helpers/db";
import { makeBusiness } from "../helpers/factory";

const SECRET = "socket-handshake-test-secret-0123456789";
const PLAIN = "authjs.session-token";
const SECURE = "__Secure-authjs.session-token";

/** A real Socket.IO server on the app's realtime module, on a free port. */
async function startRealtime() {
  const http: HttpServer = createServer();
  const io = attachRealtime(http, SECRET);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url,
    close: async () => {
      io.close();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}

/** The session cookie Auth.js would have set after sign-in. */
async function cookie(claims: { memberId: string; sessionVersion?: number }, name = PLAIN) {
  return `${name}=${await encode({ token: claims, secret: SECRET, salt: name })}`;
}

const open: Socket[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.disconnect();
});

/** Connect once (no automatic retries) and say how the handshake ended. */
function handshake(
  url: string,
  headers: Record<string, string>,
): Promise<{ outcome: string; socket: Socket }> {
  const socket = connect(url, {
    transports: ["websocket"],
    extraHeaders: headers,
    reconnection: false,
    forceNew: true,
  });
  open.push(socket);
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ outcome: "connected", socket }));
    socket.once("connect_error", (e) => resolve({ outcome: e.message, socket }));
  });
}

async function until(what: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeEachDb("socket handshake", (ctx) => {
  let rt: Awaited<ReturnType<typeof startRealtime>>;
  beforeAll(async () => {
    setGlobalClient(ctx.raw);
    rt = await startRealtime();
  });
  afterAll(() => rt.close());

  async function version(memberId: string) {
    return (await ctx.db.select().from(members).where(eq(members.id, memberId)))[0].sessionVersion;
  }

  it("no session cookie, or a forged one, is unauthorized", async () => {
    expect((await handshake(rt.url, {})).outcome).toBe("unauthorized");
    expect((await handshake(rt.url, { cookie: `${PLAIN}=not-a-token` })).outcome).toBe("unauthorized");
  });

  it("the current session connects; one from before a sign-out is unauthorized", async () => {
    const w = await makeBusiness(ctx.db);
    const before = await cookie({ memberId: w.asha.id, sessionVersion: await version(w.asha.id) });
    const live = await handshake(rt.url, { cookie: before });
    expect(live.outcome).toBe("connected");

    let ended = false;
    live.socket.on("session.ended", () => {
      ended = true;
    });
    expect((await endAllSessions(ctx.db, w.asha.id)).ok).toBe(true);
    await until(() => ended && !live.socket.connected);

    expect((await handshake(rt.url, { cookie: before })).outcome).toBe("unauthorized");
    const after = await cookie({ memberId: w.asha.id, sessionVersion: await version(w.asha.id) });
    expect((await handshake(rt.url, { cookie: after })).outcome).toBe("connected");
  });

  it("picks the cookie as Auth.js does: AUTH_URL's scheme first, then the request's", async () => {
    const w = await makeBusiness(ctx.db);
    const claims = { memberId: w.ben.id, sessionVersion: await version(w.ben.id) };
    const secure = await cookie(claims, SECURE);
    const plain = await cookie(claims, PLAIN);
    const saved = process.env.AUTH_URL;
    try {
      process.env.AUTH_URL = "https://inbox.example.com";
      expect((await handshake(rt.url, { cookie: secure })).outcome).toBe("connected");
      expect((await handshake(rt.url, { cookie: plain })).outcome).toBe("unauthorized");
      // AUTH_URL wins over what the request says.
      expect((await handshake(rt.url, { cookie: plain, "x-forwarded-proto": "http" })).outcome).toBe(
        "unauthorized",
      );
      process.env.AUTH_URL = "http://localhost:3000";
      expect((await handshake(rt.url, { cookie: plain, "x-forwarded-proto": "https" })).outcome).toBe(
        "connected",
      );
      delete process.env.AUTH_URL;
      expect((await handshake(rt.url, { cookie: secure, "x-forwarded-proto": "https" })).outcome).toBe(
        "connected",
      );
      expect((await handshake(rt.url, { cookie: plain })).outcome).toBe("connected");
    } finally {
      if (saved === undefined) delete process.env.AUTH_URL;
      else process.env.AUTH_URL = saved;
    }
  });
});

describe("socket handshake while the database is down", () => {
  for (const kind of DB_KINDS) {
    it(`[${kind}] says unavailable, not unauthorized, so the page retries instead of going to /login`, async () => {
      const t = await openTestDb(kind);
      const w = await makeBusiness(wrap(t.raw));
      const [m] = await t.db.select().from(members).where(eq(members.id, w.asha.id));
      setGlobalClient(t.raw);
      const rt = await startRealtime();
      try {
        const c = await cookie({ memberId: m.id, sessionVersion: m.sessionVersion });
        expect((await handshake(rt.url, { cookie: c })).outcome).toBe("connected");
        await closeRawClient(t.raw);
        expect((await handshake(rt.url, { cookie: c })).outcome).toBe("unavailable");
        // Still no session at all is unauthorized, database or not.
        expect((await handshake(rt.url, {})).outcome).toBe("unauthorized");
      } finally {
        await rt.close();
        await t.close().catch(() => {});
      }
    });
  }
});
