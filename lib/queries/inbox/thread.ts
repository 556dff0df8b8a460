import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../../db/client";
import {
  businesses,
  campaigns,
  conversationEvents,
  conversations,
  customers,
  members,
  messages,
  templates,
  wabaNumbers,
} from "../../../db/schema";
import { placeholderCount } from "../../services/templates/render";
import { windowClosesAt } from "../../services/conversations/window";
import { customerLabel, getConversationRow } from "./list";
import { isUuid } from "../../services/result";
import type { Thread, ThreadPage } from "./types";

/** How many messages a thread shows at first (the newest), and how many each earlier page adds. */
export const THREAD_LIMIT = 300;

const actor = alias(members, "actor");
const fromA = alias(members, "from_assignee");
const toA = alias(members, "to_assignee");

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/**
 * Everything the thread pane shows for one conversation of the business, or null when the
 * conversation does not exist there (another business's id reads as not found).
 */
export async function getThread(
  db: DbOrTx,
  input: { businessId: string; memberId: string; conversationId: string; defaultAutoCloseMinutes: number },
): Promise<Thread | null> {
  const row = await getConversationRow(db, input);
  if (!row) return null;
  const [c] = await db
    .select({ conv: conversations, customer: customers, autoClose: businesses.autoCloseMinutes })
    .from(conversations)
    .innerJoin(customers, eq(customers.id, conversations.customerId))
    .innerJoin(businesses, eq(businesses.id, conversations.businessId))
    .where(eq(conversations.id, row.id));

  const page = await loadPage(db, { businessId: input.businessId, conversationId: row.id, before: null });

  const others = await db
    .select({
      id: conversations.id,
      state: conversations.state,
      numberLabel: wabaNumbers.label,
      preview: conversations.lastMessagePreview,
      lastActivityAt: conversations.lastActivityAt,
    })
    .from(conversations)
    .innerJoin(wabaNumbers, eq(wabaNumbers.id, conversations.numberId))
    .where(and(eq(conversations.customerId, c.customer.id), ne(conversations.id, row.id)))
    .orderBy(desc(conversations.lastActivityAt))
    .limit(10);

  const tpl = await db
    .select()
    .from(templates)
    .where(eq(templates.businessId, input.businessId))
    .orderBy(asc(templates.name));

  const conv = c.conv;
  let autoCloseAt: string | null = null;
  if (conv.state === "assigned" && conv.assignedAt) {
    const start = Math.max(conv.assignedAt.getTime(), conv.lastCustomerMessageAt?.getTime() ?? 0);
    const minutes = c.autoClose ?? input.defaultAutoCloseMinutes;
    autoCloseAt = new Date(start + minutes * 60_000).toISOString();
  }
  const who = customerLabel(c.customer);

  return {
    conversation: {
      ...row,
      assignedAt: iso(conv.assignedAt),
      lastCustomerMessageAt: iso(conv.lastCustomerMessageAt),
      lastMessageId: conv.lastMessageId,
      createdAt: iso(conv.createdAt)!,
      autoCloseAt,
      windowClosesAt: iso(windowClosesAt(conv)),
    },
    customer: {
      id: c.customer.id,
      name: who.name,
      waId: c.customer.waId,
      username: c.customer.username,
      since: iso(c.customer.createdAt)!,
    },
    messages: page.messages,
    events: page.events,
    replied: page.replied,
    olderCursor: page.olderCursor,
    others: others.map((o) => ({ ...o, lastActivityAt: iso(o.lastActivityAt)! })),
    templates: tpl.map((t) => ({
      id: t.id,
      name: t.name,
      language: t.language,
      body: t.body,
      params: placeholderCount(t.body),
    })),
  };
}

/**
 * The page of a conversation's messages before `before` (a message id from `olderCursor`; null
 * for the newest page), or null when the conversation is not the business's (another business's id reads as not found).
 * A cursor that names no message of this conversation gives an empty page.
 */
export async function getThreadPage(
  db: DbOrTx,
  input: { businessId: string; conversationId: string; before: string | null; limit?: number },
): Promise<ThreadPage | null> {
  const [conv] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), eq(conversations.businessId, input.businessId)));
  if (!conv) return null;
  return loadPage(db, { ...input, conversationId: conv.id });
}

/**
 * Messages are ordered by (created_at, ordinal): `ordinal` is insertion order and breaks ties
 * between messages stored in the same millisecond. The cursor is the id of the oldest message
 * already shown, compared in SQL against that row's own (created_at, ordinal), so no timestamp
 * ever makes a round trip through JavaScript (which would lose the microseconds).
 *
 * Events go with the page whose stretch of time they fall in: from the page's oldest message
 * (or the beginning, on the first page) up to, not including, the cursor message. Consecutive
 * pages therefore split the timeline without gaps or repeats.
 */
async function loadPage(
  db: DbOrTx,
  input: { businessId: string; conversationId: string; before: string | null; limit?: number },
): Promise<ThreadPage> {
  const limit = Math.max(1, Math.min(input.limit ?? THREAD_LIMIT, THREAD_LIMIT));
  const empty: ThreadPage = { messages: [], events: [], replied: [], olderCursor: null };
  if (input.before) {
    if (!isUuid(input.before)) return empty;
    const [c] = await db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.id, input.before), eq(messages.conversationId, input.conversationId)));
    if (!c) return empty;
  }
  const cursorRow = input.before
    ? sql`(select m0.created_at, m0.ordinal from messages m0 where m0.id = ${input.before}::uuid)`
    : null;

  const author = alias(members, "author");
  const msgRows = await db
    .select({ m: messages, authorName: author.name })
    .from(messages)
    .leftJoin(author, eq(author.id, messages.authorId))
    .where(
      and(
        eq(messages.conversationId, input.conversationId),
        cursorRow ? sql`(${messages.createdAt}, ${messages.ordinal}) < ${cursorRow}` : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.ordinal))
    .limit(limit + 1);
  const hasOlder = msgRows.length > limit;
  if (hasOlder) msgRows.length = limit;
  msgRows.reverse();
  const oldest = msgRows[0]?.m;

  const eventRows =
    input.before && !oldest
      ? []
      : await db
          .select({ e: conversationEvents, actorName: actor.name, fromName: fromA.name, toName: toA.name })
          .from(conversationEvents)
          .leftJoin(actor, eq(actor.id, conversationEvents.actorId))
          .leftJoin(fromA, eq(fromA.id, conversationEvents.fromAssigneeId))
          .leftJoin(toA, eq(toA.id, conversationEvents.toAssigneeId))
          .where(
            and(
              eq(conversationEvents.conversationId, input.conversationId),
              hasOlder && oldest
                ? sql`${conversationEvents.createdAt} >= (select m1.created_at from messages m1 where m1.id = ${oldest.id}::uuid)`
                : undefined,
              input.before
                ? sql`${conversationEvents.createdAt} < (select m2.created_at from messages m2 where m2.id = ${input.before}::uuid)`
                : undefined,
            ),
          )
          .orderBy(asc(conversationEvents.createdAt), asc(conversationEvents.ordinal));

  // The campaign (or earlier) messages that customer replies answer, looked up by wamid.
  const wamids = [...new Set(msgRows.map((r) => r.m.replyToWamid).filter((w): w is string => !!w))];
  const replied = wamids.length
    ? await db
        .select({
          wamid: messages.wamid,
          body: messages.body,
          at: messages.sentAt,
          campaignName: campaigns.name,
        })
        .from(messages)
        .leftJoin(campaigns, eq(campaigns.id, messages.campaignId))
        .where(and(eq(messages.businessId, input.businessId), inArray(messages.wamid, wamids)))
    : [];

  return {
    messages: msgRows.map(({ m, authorName }) => ({
      id: m.id,
      direction: m.direction,
      type: m.type,
      body: m.body,
      payload: m.payload ?? null,
      status: m.status,
      errorCode: m.errorCode,
      errorMessage: m.errorMessage,
      replyToWamid: m.replyToWamid,
      authorName,
      at: iso(m.direction === "inbound" ? m.createdAt : m.sentAt)!,
    })),
    events: eventRows.map(({ e, actorName, fromName, toName }) => ({
      id: e.id,
      kind: e.kind,
      actorName,
      fromAssigneeName: fromName,
      toAssigneeName: toName,
      at: iso(e.createdAt)!,
    })),
    replied: replied.map((r) => ({
      wamid: r.wamid!,
      body: r.body,
      campaignName: r.campaignName,
      at: iso(r.at)!,
    })),
    olderCursor: hasOlder && oldest ? oldest.id : null,
  };
}
