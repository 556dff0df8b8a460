import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import type { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { closeRawClient, openRawClient, type RawClient, setGlobalClient } from "../../db/client";
import { members } from "../../db/schema";
import { attachRealtime } from "../../lib/realtime/server";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId, type World } from "../helpers/factory";
import { installTestConfig } from "../helpers/webhook-fixtures";

const SECRET = "socket-test-auth-secret";

/** Poll for a condition with a deadline (no fixed sleeps). */
async function until(check: () => boolean, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Client events on a real Socket.IO server with a real socket.io-client: every event is validated
 * and answered, bad ones are refused without harm, a flood is dropped and then disconnected, and
 * a page of another site cannot open a socket at all.
 */
describeEachDb("socket events: validated, bounded and rate-limited", (ctx) => {
  let w: World;
  let other: World;
  let conversationId: string;
  let foreignConversationId: string;
  let http: HttpServer;
  let ioServer: Server;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    installTestConfig({ AUTH_SECRET: SECRET });
    setGlobalClient(ctx.raw);
    w = await makeBusiness(ctx.db);
    other = await makeBusiness(ctx.db);
    conversationId = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId());
    foreignConversationId = await customerSays(ctx.db, other.numbers[0].phoneNumberId, newWaId());
    http = createServer();
    ioServer = attachRealtime(http, SECRET) as unknown as Server;
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
    setGlobalClient(ctx.raw);
  });
  afterAll(async () => {
    await new Promise<void>((r) => ioServer.close(() => r()));
  });

  /** A session cookie as the sign-in would issue it: the member and their current session version. */
  const cookieFor = async (memberId: string) => {
    const [m] = await ctx.db.select().from(members).where(eq(members.id, memberId));
    const token = { memberId, sessionVersion: m.sessionVersion };
    return `authjs.session-token=${await encode({ token, secret: SECRET, salt: "authjs.session-token" })}`;
  };

  /** A connected socket for Asha (or refused: the connect_error). */
  async function open(headers: Record<string, string> = {}): Promise<Socket> {
    const socket = connect(url, {
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { cookie: await cookieFor(w.asha.id), ...headers },
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    return socket;
  }
  const ack = (s: Socket, event: string, ...args: unknown[]) => s.timeout(5000).emitWithAck(event, ...args);

  it("answers a valid event {ok: true}", async () => {
    const s = await open();
    expect(await ack(s, "conversation.view", { conversationId })).toEqual({ ok: true });
    expect(await ack(s, "conversation.typing", { conversationId, typing: true })).toEqual({ ok: true });
    expect(await ack(s, "presence.away", { away: true })).toEqual({ ok: true });
  });

  it("refuses malformed, oversized, unknown and cross-business events with an error ack, and keeps serving", async () => {
    const s = await open();
    expect(await ack(s, "conversation.view", "garbage")).toEqual({ ok: false, error: "invalid_payload" });
    expect(await ack(s, "conversation.view", { conversationId: 42 })).toEqual({
      ok: false,
      error: "invalid_payload",
    });
    expect(await ack(s, "conversation.typing", { conversationId, typing: "yes" })).toEqual({
      ok: false,
      error: "invalid_payload",
    });
    expect(await ack(s, "presence.away", null)).toEqual({ ok: false, error: "invalid_payload" });
    expect(await ack(s, "conversation.view", { conversationId, pad: "x".repeat(4000) })).toEqual({
      ok: false,
      error: "too_large",
    });
    expect(await ack(s, "members.delete", { all: true })).toEqual({ ok: false, error: "unknown_event" });
    expect(await ack(s, "conversation.view", { conversationId: foreignConversationId })).toEqual({
      ok: false,
      error: "not_found",
    });
    expect(s.connected).toBe(true);
    expect(await ack(s, "conversation.view", { conversationId })).toEqual({ ok: true });
  });

  it("answers an event whose database work fails with an error ack, without stopping the server", async () => {
    const s = await open();
    const dead: RawClient = await openRawClient({ pglitePath: "memory://" });
    await closeRawClient(dead);
    setGlobalClient(dead);
    expect(await ack(s, "conversation.view", { conversationId })).toEqual({
      ok: false,
      error: "unavailable",
    });
    setGlobalClient(ctx.raw);
    expect(await ack(s, "conversation.view", { conversationId })).toEqual({ ok: true });
  });

  it("drops a flood of events, then disconnects the socket; others are unaffected", async () => {
    const flooder = await open();
    const answers = await Promise.all(
      Array.from({ length: 60 }, () => ack(flooder, "presence.away", { away: false }).catch(() => null)),
    );
    expect(answers.filter((a) => a?.ok === true).length).toBeLessThanOrEqual(31);
    expect(answers.some((a) => a?.error === "rate_limited")).toBe(true);
    let gone = false;
    flooder.on("disconnect", () => {
      gone = true;
    });
    for (let i = 0; i < 200 && !gone; i++) flooder.emit("presence.away", { away: false });
    await until(() => gone, "the flooding socket to be disconnected");
    const calm = await open();
    expect(await ack(calm, "presence.away", { away: false })).toEqual({ ok: true });
  });

  it("closes a socket that sends a frame over the size cap, and keeps serving others", async () => {
    const s = await open();
    let gone = false;
    s.on("disconnect", () => {
      gone = true;
    });
    s.emit("conversation.view", { conversationId, pad: "x".repeat(64 * 1024) });
    await until(() => gone, "the oversized frame's socket to close");
    const next = await open();
    expect(await ack(next, "conversation.view", { conversationId })).toEqual({ ok: true });
  });

  it("refuses a socket opened from another site's page, and accepts the app's own origin", async () => {
    await expect(open({ origin: "https://evil.example" })).rejects.toThrow();
    await expect(open({ origin: "null" })).rejects.toThrow();
    const own = await open({ origin: url });
    expect(own.connected).toBe(true);
  });

  it("refuses a socket without Origin that has no session", async () => {
    const s = connect(url, { transports: ["websocket"], reconnection: false });
    sockets.push(s);
    const err = await new Promise<Error>((resolve) => s.once("connect_error", resolve));
    expect(err.message).toBe("unauthorized");
  });
});
