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

type IO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type S = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const g = globalThis as unknown as { __switchboardIo?: IO };
export const getIo = () => g.__switchboardIo;

const viewSchema = z.object({ conversationId: z.string().uuid().nullable() });
const typingSchema = z.object({ conversationId: z.string().uuid(), typing: z.boolean() });
const awaySchema = z.object({ away: z.boolean() });

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
  const io: IO = new Server(httpServer, { serveClient: false });
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
    void broadcastOnline(io, businessId);
    void sendPresenceSnapshot(io, socket);
    let viewing: string | null = null;
    const data = socket.data as LiveData;

    socket.on("conversation.view", async (p) => {
      const parsed = viewSchema.safeParse(p);
      if (!parsed.success) return;
      const next = parsed.data.conversationId;
      if (viewing === next) return;
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
          void broadcastPresence(io, businessId, next);
        }
      }
      if (prev) void broadcastPresence(io, businessId, prev);
    });

    socket.on("conversation.typing", (p) => {
      const parsed = typingSchema.safeParse(p);
      if (!parsed.success || parsed.data.conversationId !== viewing) return;
      data.typingIn = parsed.data.typing ? viewing : undefined;
      void broadcastPresence(io, businessId, viewing);
    });

    socket.on("presence.away", (p) => {
      const away = awaySchema.safeParse(p);
      if (!away.success || Boolean(data.away) === away.data.away) return;
      data.away = away.data.away;
      void broadcastOnline(io, businessId);
    });

    socket.on("disconnect", () => {
      if (viewing) void broadcastPresence(io, businessId, viewing);
      void broadcastOnline(io, businessId);
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
