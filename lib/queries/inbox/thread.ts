import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
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
import type { Thread } from "./types";

/** How many of the newest messages a thread shows. */
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

  const author = alias(members, "author");
  const msgRows = await db
    .select({ m: messages, authorName: author.name })
    .from(messages)
    .leftJoin(author, eq(author.id, messages.authorId))
    .where(eq(messages.conversationId, row.id))
    .orderBy(desc(messages.createdAt), desc(messages.ordinal))
    .limit(THREAD_LIMIT);
  msgRows.reverse();

  const eventRows = await db
    .select({ e: conversationEvents, actorName: actor.name, fromName: fromA.name, toName: toA.name })
    .from(conversationEvents)
    .leftJoin(actor, eq(actor.id, conversationEvents.actorId))
    .leftJoin(fromA, eq(fromA.id, conversationEvents.fromAssigneeId))
    .leftJoin(toA, eq(toA.id, conversationEvents.toAssigneeId))
    .where(eq(conversationEvents.conversationId, row.id))
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
