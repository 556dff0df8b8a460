import { and, asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, DbOrTx } from "../../../db/client";
import {
  conversationEvents,
  conversations,
  customers,
  members,
  messages,
  wabaNumbers,
} from "../../../db/schema";
import { isUuid, refuse, RefusalError } from "../result";
import { runInTx } from "../run";
import { loadActor } from "../members/actor";
import { REVIEW_PERMISSION } from "./closed";

export type TranscriptItem =
  | {
      kind: "message";
      id: string;
      /** when the server stored it: the clock the timeline uses too */
      at: Date;
      /** WhatsApp's timestamp (inbound) or our send time */
      sentAt: Date;
      ordinal: number;
      direction: "inbound" | "outbound";
      type: string;
      body: string | null;
      author: string | null;
      status: string;
      error: string | null;
    }
  | {
      kind: "event";
      id: string;
      at: Date;
      ordinal: number;
      event: string;
      actor: string | null;
      fromState: string | null;
      toState: string;
      fromAssignee: string | null;
      toAssignee: string | null;
    };

const author = alias(members, "author");
const actorM = alias(members, "actor_m");
const fromM = alias(members, "from_m");
const toM = alias(members, "to_m");

/** Load the conversation header, scoped to the business; another business's id is not found. */
export async function transcriptHeader(tx: DbOrTx, businessId: string, conversationId: string) {
  if (!isUuid(conversationId)) throw new RefusalError(refuse("not_found", "Conversation not found."));
  const closer = alias(members, "closer");
  const [row] = await tx
    .select({
      id: conversations.id,
      state: conversations.state,
      closedReason: conversations.closedReason,
      closedAt: conversations.closedAt,
      createdAt: conversations.createdAt,
      closedByName: closer.name,
      customerName: customers.profileName,
      customerWaId: sql<
        string | null
      >`coalesce(${customers.waId}, ${customers.username}, ${customers.userId})`,
      numberLabel: wabaNumbers.label,
      displayNumber: wabaNumbers.displayNumber,
    })
    .from(conversations)
    .innerJoin(customers, eq(customers.id, conversations.customerId))
    .innerJoin(wabaNumbers, eq(wabaNumbers.id, conversations.numberId))
    .leftJoin(closer, eq(closer.id, conversations.closedById))
    .where(and(eq(conversations.id, conversationId), eq(conversations.businessId, businessId)));
  if (!row) throw new RefusalError(refuse("not_found", "Conversation not found."));
  return row;
}

type Key = { at: Date; ordinal: number };
const after = (atCol: unknown, ordCol: unknown, k?: Key) =>
  k ? sql`(${atCol}, ${ordCol}) > (${k.at.toISOString()}::timestamptz, ${k.ordinal})` : sql`true`;

async function messagePage(
  tx: DbOrTx,
  conversationId: string,
  limit: number,
  k?: Key,
): Promise<TranscriptItem[]> {
  const rows = await tx
    .select({ m: messages, authorName: author.name })
    .from(messages)
    .leftJoin(author, eq(author.id, messages.authorId))
    .where(
      and(
        eq(messages.conversationId, conversationId),
        after(sql`date_trunc('milliseconds', ${messages.createdAt})`, messages.ordinal, k),
      ),
    )
    .orderBy(asc(sql`date_trunc('milliseconds', ${messages.createdAt})`), asc(messages.ordinal))
    .limit(limit);
  return rows.map(({ m, authorName }) => ({
    kind: "message",
    id: m.id,
    at: m.createdAt,
    sentAt: m.sentAt,
    ordinal: m.ordinal,
    direction: m.direction,
    type: m.type,
    body: m.body,
    author: m.direction === "inbound" ? null : authorName,
    status: m.status,
    error: m.errorMessage,
  }));
}

async function eventPage(
  tx: DbOrTx,
  conversationId: string,
  limit: number,
  k?: Key,
): Promise<TranscriptItem[]> {
  const at = sql`date_trunc('milliseconds', ${conversationEvents.createdAt})`;
  const rows = await tx
    .select({ e: conversationEvents, actor: actorM.name, from: fromM.name, to: toM.name })
    .from(conversationEvents)
    .leftJoin(actorM, eq(actorM.id, conversationEvents.actorId))
    .leftJoin(fromM, eq(fromM.id, conversationEvents.fromAssigneeId))
    .leftJoin(toM, eq(toM.id, conversationEvents.toAssigneeId))
    .where(
      and(eq(conversationEvents.conversationId, conversationId), after(at, conversationEvents.ordinal, k)),
    )
    .orderBy(asc(at), asc(conversationEvents.ordinal))
    .limit(limit);
  return rows.map(({ e, actor, from, to }) => ({
    kind: "event",
    id: e.id,
    at: e.createdAt,
    ordinal: e.ordinal,
    event: e.kind,
    actor,
    fromState: e.fromState,
    toState: e.toState,
    fromAssignee: from,
    toAssignee: to,
  }));
}

/**
 * Messages and timeline events merged in time order, read page by page from both tables. A
 * timeline event sorts before a message of the same millisecond (a pick-up precedes its reply).
 */
export async function* transcriptItems(
  tx: DbOrTx,
  conversationId: string,
  pageSize = 500,
): AsyncGenerator<TranscriptItem> {
  const sources = [
    {
      load: (k?: Key) => eventPage(tx, conversationId, pageSize, k),
      buf: [] as TranscriptItem[],
      done: false,
      last: undefined as Key | undefined,
    },
    {
      load: (k?: Key) => messagePage(tx, conversationId, pageSize, k),
      buf: [] as TranscriptItem[],
      done: false,
      last: undefined as Key | undefined,
    },
  ];
  const fill = async (s: (typeof sources)[number]) => {
    if (s.buf.length || s.done) return;
    const page = await s.load(s.last);
    if (page.length < pageSize) s.done = true;
    if (page.length) {
      const tail = page[page.length - 1];
      s.last = { at: tail.at, ordinal: tail.ordinal };
    }
    s.buf = page;
  };
  for (;;) {
    await Promise.all(sources.map(fill));
    const [ev, msg] = sources;
    if (!ev.buf.length && !msg.buf.length) return;
    const pickEvent = ev.buf.length && (!msg.buf.length || ev.buf[0].at.getTime() <= msg.buf[0].at.getTime());
    yield (pickEvent ? ev.buf : msg.buf).shift()!;
  }
}

/** The transcript page: the header and every message and timeline event, for a manager or above. */
export function getTranscript(db: Db, input: { actorId: string; conversationId: string }) {
  return runInTx(db, async (tx) => {
    const actor = await loadActor(tx, input.actorId, REVIEW_PERMISSION);
    const header = await transcriptHeader(tx, actor.businessId, input.conversationId);
    const items: TranscriptItem[] = [];
    for await (const item of transcriptItems(tx, header.id)) items.push(item);
    return { header, items };
  });
}
