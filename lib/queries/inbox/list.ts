import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../../db/client";
import { conversations, customers, members, wabaNumbers } from "../../../db/schema";
import { decodeCursor, encodeCursor } from "./cursor";
import type { ConversationRow, ListPage, Tab } from "./types";

export const PAGE_SIZE = 30;
export const MAX_PAGE = 200;

const assignee = alias(members, "assignee");
const closer = alias(members, "closer");

/** The columns of a list row, for one member (their own unread count). */
export function rowSelection(memberId: string) {
  return {
    id: conversations.id,
    state: conversations.state,
    customerId: customers.id,
    profileName: customers.profileName,
    username: customers.username,
    waId: customers.waId,
    userId: customers.userId,
    numberLabel: wabaNumbers.label,
    numberDisplay: wabaNumbers.displayNumber,
    preview: conversations.lastMessagePreview,
    lastActivityAt: conversations.lastActivityAt,
    activityKey: sql<string>`${conversations.lastActivityAt}::text`,
    unread: sql<number>`(
      select count(*)::int from messages m
      where m.conversation_id = ${conversations.id} and m.direction = 'inbound'
        and m.created_at > coalesce(
          (select r.last_read_at from conversation_reads r
            where r.conversation_id = ${conversations.id} and r.member_id = ${memberId}),
          'epoch'::timestamptz)
    )`,
    assigneeId: conversations.assigneeId,
    assigneeName: assignee.name,
    closedReason: conversations.closedReason,
    closedByName: closer.name,
    closedAt: conversations.closedAt,
  };
}

type RawRow = {
  id: string;
  state: ConversationRow["state"];
  customerId: string;
  profileName: string | null;
  username: string | null;
  waId: string | null;
  userId: string | null;
  numberLabel: string;
  numberDisplay: string;
  preview: string | null;
  lastActivityAt: Date;
  unread: number;
  assigneeId: string | null;
  assigneeName: string | null;
  closedReason: ConversationRow["closedReason"];
  closedByName: string | null;
  closedAt: Date | null;
};

export function customerLabel(c: {
  profileName: string | null;
  username: string | null;
  waId: string | null;
  userId: string | null;
}) {
  const number = c.waId ? `+${c.waId}` : c.username ? `@${c.username}` : (c.userId ?? "");
  return { name: c.profileName?.trim() || number || "Unknown customer", number };
}

export function toRow(r: RawRow): ConversationRow {
  const who = customerLabel(r);
  return {
    id: r.id,
    state: r.state,
    customerId: r.customerId,
    customerName: who.name,
    customerNumber: who.number,
    numberLabel: r.numberLabel,
    numberDisplay: r.numberDisplay,
    preview: r.preview,
    lastActivityAt: new Date(r.lastActivityAt).toISOString(),
    unread: Number(r.unread) || 0,
    assigneeId: r.assigneeId,
    assigneeName: r.assigneeName,
    closedReason: r.closedReason,
    closedByName: r.closedByName,
    closedAt: r.closedAt ? new Date(r.closedAt).toISOString() : null,
  };
}

export function joinedRows(db: DbOrTx, memberId: string) {
  return db
    .select(rowSelection(memberId))
    .from(conversations)
    .innerJoin(customers, eq(customers.id, conversations.customerId))
    .innerJoin(wabaNumbers, eq(wabaNumbers.id, conversations.numberId))
    .leftJoin(assignee, eq(assignee.id, conversations.assigneeId))
    .leftJoin(closer, eq(closer.id, conversations.closedById));
}

export interface ListInput {
  businessId: string;
  memberId: string;
  tab: Tab;
  /** Assigned tab: only the member's own conversations */
  mine?: boolean;
  cursor?: string | null;
  limit?: number;
}

/** One page of a tab, newest activity first, keyset-paginated on (last_activity_at, id). */
export async function listConversations(db: DbOrTx, input: ListInput): Promise<ListPage> {
  const limit = Math.min(Math.max(1, input.limit ?? PAGE_SIZE), MAX_PAGE);
  const where: SQL[] = [eq(conversations.businessId, input.businessId), eq(conversations.state, input.tab)];
  if (input.mine && input.tab === "assigned") where.push(eq(conversations.assigneeId, input.memberId));
  const cursor = decodeCursor(input.cursor);
  if (cursor) {
    where.push(
      sql`(${conversations.lastActivityAt}, ${conversations.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`,
    );
  }
  const rows = await joinedRows(db, input.memberId)
    .where(and(...where))
    .orderBy(desc(conversations.lastActivityAt), desc(conversations.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => toRow(r as RawRow)),
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.activityKey, id: last.id }) : null,
  };
}

/** One row, for a conversation of the business (null when it is not theirs). */
export async function getConversationRow(
  db: DbOrTx,
  input: { businessId: string; memberId: string; conversationId: string },
) {
  const [r] = await joinedRows(db, input.memberId).where(
    and(eq(conversations.id, input.conversationId), eq(conversations.businessId, input.businessId)),
  );
  return r ? toRow(r as RawRow) : null;
}
