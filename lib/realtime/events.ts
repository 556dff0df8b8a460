import type { State } from "../domain/conversation-machine";

/**
 * Every live event, shared by the server (emit) and the client (listen). Payloads carry ids
 * and the new state, never whole rows: a client refetches what it shows. `seq` is the
 * business's event sequence; a client that sees a gap catches up from the server.
 * docs/realtime.md documents these for other clients.
 */
export type LiveEvent =
  | {
      type: "conversation.created";
      businessId: string;
      seq: number;
      conversationId: string;
      state: State;
      at: string;
    }
  | {
      type: "conversation.updated";
      businessId: string;
      seq: number;
      conversationId: string;
      state: State;
      fromState: State;
      assigneeId: string | null;
      fromAssigneeId: string | null;
      /** the timeline kind when the state or assignee changed */
      change: string | null;
      actorId: string | null;
      at: string;
    }
  | {
      type: "message.created";
      businessId: string;
      seq: number;
      conversationId: string | null;
      messageId: string;
      direction: "inbound" | "outbound";
      at: string;
    }
  | {
      type: "message.status_changed";
      businessId: string;
      seq: number;
      conversationId: string | null;
      campaignId: string | null;
      messageId: string;
      status: string;
      at: string;
    }
  | { type: "member.changed"; businessId: string; seq: number; memberId: string; at: string }
  | { type: "business.changed"; businessId: string; seq: number; at: string };

export type LiveEventType = LiveEvent["type"];

/** Ephemeral signals: not sequenced, not stored. */
export interface PresencePayload {
  conversationId: string;
  viewers: { memberId: string; name: string; typing: boolean }[];
}

export interface ServerToClientEvents {
  event: (e: LiveEvent) => void;
  presence: (p: PresencePayload) => void;
  /** members online in the business (for the dashboard); `awayIds` ⊆ memberIds are idle or hidden */
  online: (p: { memberIds: string[]; awayIds: string[] }) => void;
  /** the member was deactivated or signed out: the page must go to /login */
  "session.ended": (p: { reason: string }) => void;
}

/** Every client event may pass an ack: it is answered {ok: true} or {ok: false, error}. */
export type ClientAck = (r: { ok: true } | { ok: false; error: string }) => void;

export interface ClientToServerEvents {
  "conversation.view": (p: { conversationId: string | null }, ack?: ClientAck) => void;
  "conversation.typing": (p: { conversationId: string; typing: boolean }, ack?: ClientAck) => void;
  /** the page is hidden or its member idle for a while (true), or active again (false) */
  "presence.away": (p: { away: boolean }, ack?: ClientAck) => void;
}

export interface SocketData {
  memberId: string;
  businessId: string;
  name: string;
  role: string;
}

export const businessRoom = (businessId: string) => `business:${businessId}`;
export const memberRoom = (memberId: string) => `member:${memberId}`;
export const conversationRoom = (conversationId: string) => `conversation:${conversationId}`;
