import type { ClosedReason, State, TimelineKind } from "../../domain/conversation-machine";

export const TABS = ["open", "assigned", "closed"] as const;
export type Tab = (typeof TABS)[number];
export const isTab = (v: unknown): v is Tab =>
  typeof v === "string" && (TABS as readonly string[]).includes(v);

/** One row of an inbox list; dates are ISO strings so the same shape serves SSR and JSON. */
export interface ConversationRow {
  id: string;
  state: State;
  customerId: string;
  customerName: string;
  customerNumber: string;
  numberLabel: string;
  numberDisplay: string;
  preview: string | null;
  lastActivityAt: string;
  unread: number;
  assigneeId: string | null;
  assigneeName: string | null;
  closedReason: ClosedReason | null;
  closedByName: string | null;
  closedAt: string | null;
}

export interface ListPage {
  items: ConversationRow[];
  nextCursor: string | null;
}

export interface Counts {
  open: number;
  assigned: number;
  closed: number;
  /** the business's latest event sequence number at the time of reading */
  seq: number;
}

export interface ThreadMessage {
  id: string;
  direction: "inbound" | "outbound";
  type: string;
  body: string | null;
  payload: Record<string, unknown> | null;
  status: string;
  errorCode: number | null;
  errorMessage: string | null;
  replyToWamid: string | null;
  authorName: string | null;
  at: string;
}

export interface ThreadEvent {
  id: string;
  kind: TimelineKind;
  actorName: string | null;
  fromAssigneeName: string | null;
  toAssigneeName: string | null;
  at: string;
}

export interface RepliedMessage {
  wamid: string;
  body: string | null;
  campaignName: string | null;
  at: string;
}

export interface OtherConversation {
  id: string;
  state: State;
  numberLabel: string;
  preview: string | null;
  lastActivityAt: string;
}

export interface TemplateOption {
  id: string;
  name: string;
  language: string;
  body: string;
  params: number;
}

export interface Thread {
  conversation: ConversationRow & {
    assignedAt: string | null;
    lastCustomerMessageAt: string | null;
    lastMessageId: string | null;
    createdAt: string;
    autoCloseAt: string | null;
    windowClosesAt: string | null;
  };
  customer: { id: string; name: string; waId: string | null; username: string | null; since: string };
  messages: ThreadMessage[];
  events: ThreadEvent[];
  replied: RepliedMessage[];
  /** set when older messages exist: pass it as `before` to fetch the page before these */
  olderCursor: string | null;
  others: OtherConversation[];
  templates: TemplateOption[];
}

/**
 * One page of a thread going back in time: the messages before a cursor (oldest first), the
 * timeline events of the same stretch of time, and what their replies answer.
 */
export interface ThreadPage {
  messages: ThreadMessage[];
  events: ThreadEvent[];
  replied: RepliedMessage[];
  /** set when still older messages exist */
  olderCursor: string | null;
}

export interface AssignableMember {
  id: string;
  name: string;
  role: string;
  load: number;
}
