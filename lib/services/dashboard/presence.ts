import type { SocketData } from "../../realtime/events";

type SocketsReader = {
  in(room: string): { fetchSockets(): Promise<{ data: SocketData & { away?: boolean } }[]> };
};

/**
 * The members of a business with at least one live socket, read from the process's Socket.IO
 * server (across instances through its adapter). Only a type is imported from the realtime
 * module: Next's code must not load its own copy of socket.io (STACK-NOTES).
 */
export async function onlineMembers(businessId: string): Promise<{ memberIds: string[]; awayIds: string[] }> {
  const io = (globalThis as { __switchboardIo?: SocketsReader }).__switchboardIo;
  if (!io) return { memberIds: [], awayIds: [] };
  try {
    const sockets = await io.in(`business:${businessId}`).fetchSockets();
    const online = new Set(sockets.map((s) => s.data.memberId));
    // Away only when every page of the member is idle or hidden.
    const active = new Set(sockets.filter((s) => !s.data.away).map((s) => s.data.memberId));
    return { memberIds: [...online], awayIds: [...online].filter((id) => !active.has(id)) };
  } catch {
    return { memberIds: [], awayIds: [] };
  }
}
