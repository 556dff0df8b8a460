import type { SocketData } from "../../realtime/events";

type SocketsReader = { in(room: string): { fetchSockets(): Promise<{ data: SocketData }[]> } };

/**
 * The members of a business with at least one live socket, read from the process's Socket.IO
 * server (across instances through its adapter). Only a type is imported from the realtime
 * module: Next's code must not load its own copy of socket.io (STACK-NOTES).
 */
export async function onlineMemberIds(businessId: string): Promise<string[]> {
  const io = (globalThis as { __switchboardIo?: SocketsReader }).__switchboardIo;
  if (!io) return [];
  try {
    const sockets = await io.in(`business:${businessId}`).fetchSockets();
    return [...new Set(sockets.map((s) => s.data.memberId))];
  } catch {
    return [];
  }
}
