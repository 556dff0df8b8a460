import { and, desc, eq, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, DbOrTx } from "../../../db/client";
import { conversations, customers, members, wabaNumbers } from "../../../db/schema";
import type { ClosedReason } from "../../domain/conversation-machine";
import type { Permission } from "../../domain/roles";
import { runInTx } from "../run";
import { loadActor } from "../members/actor";
import type { ReviewFilters } from "./filters";

/** Closed review is for managers and above (SPEC §2: owners and managers review what was closed). */
export const REVIEW_PERMISSION: Permission = "conversation.manage_any";

export interface ClosedRow {
  id: string;
  closedAt: Date;
  createdAt: Date;
  reason: ClosedReason;
  customerName: string | null;
  customerWaId: string | null;
  numberLabel: string;
  displayNumber: string;
  /** who had it when it closed (the assignee), or who closed it */
  handledById: string | null;
  handledByName: string | null;
  closedByName: string | null;
  firstReplyAt: Date | null;
  lastMessagePreview: string | null;
}

export type Cursor = { closedAt: Date; id: string };

const closer = alias(members, "closer");
const handler = alias(members, "handler");

/** The assignee at the moment it closed: the closing timeline event's "before" assignee. */
const handledBy = sql<string | null>`(
  select e.from_assignee_id from conversation_events e
  where e.conversation_id = ${conversations.id} and e.to_state = 'closed'
  order by e.created_at desc, e.ordinal desc limit 1
)`;

// Keyset on milliseconds: a cursor travels as a JS Date, which holds no microseconds.
const closedMs = sql`date_trunc('milliseconds', ${conversations.closedAt})`;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const dayStart = (d: string) => new Date(`${d}T00:00:00.000Z`);
const nextDay = (d: string) => new Date(dayStart(d).getTime() + 86_400_000);

/** The WHERE of the closed review, always scoped to one business. */
export function closedWhere(businessId: string, f: ReviewFilters): SQL {
  const parts: SQL[] = [eq(conversations.businessId, businessId), eq(conversations.state, "closed")];
  if (f.from) parts.push(sql`${conversations.closedAt} >= ${dayStart(f.from).toISOString()}::timestamptz`);
  if (f.to) parts.push(sql`${conversations.closedAt} < ${nextDay(f.to).toISOString()}::timestamptz`);
  if (f.reason) parts.push(eq(conversations.closedReason, f.reason));
  if (f.number) parts.push(eq(conversations.numberId, f.number));
  if (f.member) {
    parts.push(or(eq(conversations.closedById, f.member), sql`${handledBy} = ${f.member}::uuid`)!);
  }
  if (f.customer) {
    const like = `%${escapeLike(f.customer)}%`;
    parts.push(
      sql`${conversations.customerId} in (select cu.id from customers cu where cu.business_id = ${businessId}::uuid and (
        cu.profile_name ilike ${like} or cu.wa_id ilike ${like} or cu.username ilike ${like} or cu.user_id ilike ${like}))`,
    );
  }
  if (f.q) {
    // Same expression as the GIN index messages_body_fts, so the index serves the search.
    parts.push(
      sql`${conversations.id} in (select m.conversation_id from messages m where m.business_id = ${businessId}::uuid
        and to_tsvector('simple', coalesce(m.body, '')) @@ plainto_tsquery('simple', ${f.q}))`,
    );
  }
  return and(...parts)!;
}

/** One keyset page of the filtered closed list, newest close first. No permission check: callers do it. */
export async function closedPage(
  tx: DbOrTx,
  businessId: string,
  f: ReviewFilters,
  limit: number,
  after?: Cursor,
): Promise<ClosedRow[]> {
  const where = after
    ? and(
        closedWhere(businessId, f),
        sql`(${closedMs}, ${conversations.id}) < (${after.closedAt.toISOString()}::timestamptz, ${after.id}::uuid)`,
      )
    : closedWhere(businessId, f);
  const rows = await tx
    .select({
      id: conversations.id,
      closedAt: conversations.closedAt,
      createdAt: conversations.createdAt,
      reason: conversations.closedReason,
      customerName: customers.profileName,
      customerWaId: sql<
        string | null
      >`coalesce(${customers.waId}, ${customers.username}, ${customers.userId})`,
      numberLabel: wabaNumbers.label,
      displayNumber: wabaNumbers.displayNumber,
      handledById: sql<string | null>`coalesce(${handler.id}, ${closer.id})`,
      handledByName: sql<string | null>`coalesce(${handler.name}, ${closer.name})`,
      closedByName: closer.name,
      firstReplyAt: conversations.firstReplyAt,
      lastMessagePreview: conversations.lastMessagePreview,
    })
    .from(conversations)
    .innerJoin(customers, eq(customers.id, conversations.customerId))
    .innerJoin(wabaNumbers, eq(wabaNumbers.id, conversations.numberId))
    .leftJoin(closer, eq(closer.id, conversations.closedById))
    .leftJoin(handler, sql`${handler.id} = ${handledBy}`)
    .where(where)
    .orderBy(desc(closedMs), desc(conversations.id))
    .limit(limit);
  return rows as ClosedRow[];
}

export interface SearchClosedInput {
  actorId: string;
  filters: ReviewFilters;
  limit?: number;
  after?: Cursor;
}

/** The closed review list for a manager (or above): one page, plus the total matching. */
export function searchClosed(db: Db, input: SearchClosedInput) {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 500);
  return runInTx(db, async (tx) => {
    const actor = await loadActor(tx, input.actorId, REVIEW_PERMISSION);
    const rows = await closedPage(tx, actor.businessId, input.filters, limit + 1, input.after);
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(conversations)
      .where(closedWhere(actor.businessId, input.filters));
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      rows: page,
      total: Number(n),
      next: more && last ? ({ closedAt: last.closedAt, id: last.id } satisfies Cursor) : null,
    };
  });
}

/** The pickers of the filter bar: the business's members and numbers. */
export function reviewOptions(db: Db, input: { actorId: string }) {
  return runInTx(db, async (tx) => {
    const actor = await loadActor(tx, input.actorId, REVIEW_PERMISSION);
    const team = await tx
      .select({ id: members.id, name: members.name, active: members.active })
      .from(members)
      .where(eq(members.businessId, actor.businessId))
      .orderBy(members.name);
    const numbers = await tx
      .select({ id: wabaNumbers.id, label: wabaNumbers.label, displayNumber: wabaNumbers.displayNumber })
      .from(wabaNumbers)
      .where(eq(wabaNumbers.businessId, actor.businessId))
      .orderBy(wabaNumbers.label);
    return { members: team, numbers };
  });
}
