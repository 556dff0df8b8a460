import { z } from "zod";
import type { Server as HttpServer } from "node:http";
import { and, eq } from "drizzle-orm";
import { Server, type Socket } from "socket.io";
import { getDb } from "../../db/client";
import { conversations } from "../../db/schema";
import { logger } from "../logger";
import { memberFromHandshake } from "./handshake";
import {
  businessRoom,
  conversationRoom,
  memberRoom,
  type ClientToServerEvents,
  type LiveEvent,
  type ServerToClientEvents,
  type SocketData,
} from "./events";
import { setPublisher, type Publisher } from "./publisher";
import { getConfig } from "../config";
import { type EventAck, guardSocketEvents, MAX_FRAME_BYTES, originAllowed } from "./event-guard";

type IO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type S = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const g = globalThis as unknown as { __switchboardIo?: IO };
export const getIo = () => g.__switchboardIo;

const viewSchema = z.object({ conversationId: z.string().uuid().nullable() });
const typingSchema = z.object({ conversationId: z.string().uuid(), typing: z.boolean() });
const awaySchema = z.object({ away: z.boolean() });

/** Presence fan-out is best effort (the adapter may time out): log it, never crash on it. */
const quiet = (err: unknown) => logger.warn({ err }, "presence broadcast failed");

type LiveData = SocketData & { typingIn?: string; viewing?: string | null; away?: boolean };

function viewersOf(sockets: { data: LiveData }[], conversationId: string) {
  const byMember = new Map<string, { memberId: string; name: string; typing: boolean }>();
  for (const s of sockets) {
    if (s.data.viewing !== conversationId) continue;
    const prev = byMember.get(s.data.memberId);
    const typing = s.data.typingIn === conversationId;
    byMember.set(s.data.memberId, {
      memberId: s.data.memberId,
      name: s.data.name,
      typing: typing || !!prev?.typing,
    });
  }
  return [...byMember.values()];
}

/**
 * Who is viewing / typing in a conversation, read across every instance through the adapter.
 * Rows in the lists show presence too, so the whole business hears it — including the empty
 * list when the last viewer leaves.
 */
async function broadcastPresence(io: IO, businessId: string, conversationId: string) {
  const sockets = await io.in(conversationRoom(conversationId)).fetchSockets();
  io.to(businessRoom(businessId)).emit("presence", {
    conversationId,
    viewers: viewersOf(sockets as never, conversationId),
  });
}

/** A newly connected socket learns who is already looking at what. */
async function sendPresenceSnapshot(io: IO, socket: S) {
  const sockets = (await io.in(businessRoom(socket.data.businessId)).fetchSockets()) as unknown as {
    data: LiveData;
  }[];
  const convs = new Set(sockets.map((s) => s.data.viewing).filter((v): v is string => !!v));
  for (const id of convs) socket.emit("presence", { conversationId: id, viewers: viewersOf(sockets, id) });
}

/** A member is away when every one of their pages is idle or hidden. */
export function onlineAndAway(sockets: { data: LiveData }[]) {
  const online = new Set<string>();
  const active = new Set<string>();
  for (const s of sockets) {
    online.add(s.data.memberId);
    if (!s.data.away) active.add(s.data.memberId);
  }
  return { memberIds: [...online], awayIds: [...online].filter((id) => !active.has(id)) };
}

export async function broadcastOnline(io: IO, businessId: string) {
  const sockets = (await io.in(businessRoom(businessId)).fetchSockets()) as unknown as { data: LiveData }[];
  io.to(businessRoom(businessId)).emit("online", onlineAndAway(sockets));
}

/**
 * Socket.IO on the app's HTTP server. The handshake is signed in by the page's session cookie
 * and the member is loaded from the database; each socket joins only its business's room, its
 * own member room, and the conversation rooms of that business it opens.
 */
export function attachRealtime(httpServer: HttpServer, secret: string): IO {
  const io: IO = new Server(httpServer, {
    serveClient: false,
    // Client events are tiny; a bigger frame is refused by the engine before it is parsed.
    maxHttpBufferSize: MAX_FRAME_BYTES,
    // Cross-site pages may not open a socket with the member's cookie (see originAllowed).
    allowRequest: (req, callback) => {
      const ok = originAllowed(req, getConfig().authUrl);
      callback(ok ? null : "origin not allowed", ok);
    },
  });
  g.__switchboardIo = io;

  // Two refusals the page tells apart: `unauthorized` (no good session: go to /login) and
  // `unavailable` (the database could not be asked: keep the page and retry).
  io.use(async (socket, next) => {
    let m: Awaited<ReturnType<typeof memberFromHandshake>>;
    try {
      m = await memberFromHandshake(socket.request, secret);
    } catch (e) {
      logger.warn({ err: e }, "socket handshake could not reach the database");
      return next(new Error("unavailable"));
    }
    if (!m) return next(new Error("unauthorized"));
    socket.data = { memberId: m.id, businessId: m.businessId, name: m.name, role: m.role };
    next();
  });

  io.on("connection", (socket: S) => {
    const { businessId, memberId } = socket.data;
    socket.join([businessRoom(businessId), memberRoom(memberId)]);
    void broadcastOnline(io, businessId).catch(quiet);
    void sendPresenceSnapshot(io, socket).catch(quiet);
    let viewing: string | null = null;
    const data = socket.data as LiveData;
    // Known events only, small payloads, a human pace (./event-guard).
    guardSocketEvents(socket as unknown as Socket);
    const answer = (ack: unknown, r: EventAck) => {
      if (typeof ack === "function") ack(r);
    };
    const invalid = (ack: unknown) => answer(ack, { ok: false, error: "invalid_payload" });

    const view = async (p: unknown, ack: unknown) => {
      const parsed = viewSchema.safeParse(p);
      if (!parsed.success) return invalid(ack);
      const next = parsed.data.conversationId;
      if (viewing === next) return answer(ack, { ok: true });
      const prev = viewing;
      if (prev) socket.leave(conversationRoom(prev));
      viewing = null;
      data.viewing = null;
      data.typingIn = undefined;
      if (next) {
        // Only conversations of the member's own business, as the database says now.
        const [c] = await getDb()
          .select({ id: conversations.id })
          .from(conversations)
          .where(and(eq(conversations.id, next), eq(conversations.businessId, businessId)));
        if (c) {
          viewing = next;
          data.viewing = next;
          socket.join(conversationRoom(next));
          void broadcastPresence(io, businessId, next).catch(quiet);
        }
      }
      if (prev) void broadcastPresence(io, businessId, prev).catch(quiet);
      // Another business's conversation reads exactly like one that does not exist.
      answer(ack, next && viewing !== next ? { ok: false, error: "not_found" } : { ok: true });
    };
    socket.on("conversation.view", (p, ack?: unknown) => {
      // An async handler's failure (the database is away) must not become an unhandled
      // rejection, which would stop the whole process.
      view(p, ack).catch((err) => {
        logger.warn({ err }, "conversation.view failed");
        answer(ack, { ok: false, error: "unavailable" });
      });
    });

    socket.on("conversation.typing", (p, ack?: unknown) => {
      const parsed = typingSchema.safeParse(p);
      if (!parsed.success) return invalid(ack);
      if (parsed.data.conversationId !== viewing) return answer(ack, { ok: false, error: "not_viewing" });
      data.typingIn = parsed.data.typing ? viewing : undefined;
      void broadcastPresence(io, businessId, viewing).catch(quiet);
      answer(ack, { ok: true });
    });

    socket.on("presence.away", (p, ack?: unknown) => {
      const away = awaySchema.safeParse(p);
      if (!away.success) return invalid(ack);
      if (Boolean(data.away) !== away.data.away) {
        data.away = away.data.away;
        void broadcastOnline(io, businessId).catch(quiet);
      }
      answer(ack, { ok: true });
    });

    socket.on("disconnect", () => {
      if (viewing) void broadcastPresence(io, businessId, viewing).catch(quiet);
      void broadcastOnline(io, businessId).catch(quiet);
    });
  });

  const publisher: Publisher = {
    publish(events: LiveEvent[]) {
      for (const e of events) io.to(businessRoom(e.businessId)).emit("event", e);
    },
    endMemberSessions(id: string, reason: string) {
      io.to(memberRoom(id)).emit("session.ended", { reason });
      io.in(memberRoom(id)).disconnectSockets(true);
    },
  };
  setPublisher(publisher);
  return io;
}
