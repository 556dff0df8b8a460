import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client";
import { conversations, customers, messages, wabaNumbers } from "../../../db/schema";
import type { LiveEvent } from "../../realtime/events";
import { WINDOW_CLOSED_CODE } from "../../whatsapp/errors";
import { reserveSeq } from "../business-seq";
import { catchUpStatuses } from "./status";

/**
 * The outbox's state changes. A claimed row is `sending` with a lease (next_attempt_at = lease
 * end) and its attempt number; every later write is fenced on (status = sending, attempts), so a
 * worker that was presumed dead and comes back late cannot overwrite the row's newer fate.
 */
export interface ClaimedMessage {
  id: string;
  attempt: number;
  businessId: string;
  conversationId: string | null;
  campaignId: string | null;
  type: string;
  body: string | null;
  payload: Record<string, unknown> | null;
  replyToWamid: string | null;
  phoneNumberId: string;
  displayNumber: string;
  waId: string | null;
  userId: string | null;
}

/**
 * Claim up to `limit` due rows: `queued` ones whose time has come, and `sending` ones whose lease
 * ran out (their worker died between claim and result). FOR UPDATE SKIP LOCKED lets several
 * instances claim side by side without waiting on or double-claiming each other's rows.
 */
export async function claimDue(
  db: Db,
  opts: { now: Date; limit: number; leaseMs: number },
): Promise<ClaimedMessage[]> {
  const leaseUntil = new Date(opts.now.getTime() + opts.leaseMs);
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(
        and(
          inArray(messages.status, ["queued", "sending"]),
          lte(messages.nextAttemptAt, opts.now),
          eq(messages.direction, "outbound"),
        ),
      )
      .orderBy(asc(messages.nextAttemptAt))
      .limit(opts.limit)
      .for("update", { skipLocked: true });
    if (!due.length) return [];
    const ids = due.map((d) => d.id);
    const claimed = await tx
      .update(messages)
      .set({ status: "sending", attempts: sqlIncrement(), nextAttemptAt: leaseUntil })
      .where(inArray(messages.id, ids))
      .returning({ id: messages.id, attempts: messages.attempts });
    const rows = await tx
      .select({
        m: messages,
        phoneNumberId: wabaNumbers.phoneNumberId,
        displayNumber: wabaNumbers.displayNumber,
        waId: customers.waId,
        userId: customers.userId,
      })
      .from(messages)
      .innerJoin(wabaNumbers, eq(wabaNumbers.id, messages.numberId))
      .innerJoin(customers, eq(customers.id, messages.customerId))
      .where(inArray(messages.id, ids));
    const attemptOf = new Map(claimed.map((c) => [c.id, c.attempts]));
    return rows.map((r) => ({
      id: r.m.id,
      attempt: attemptOf.get(r.m.id) ?? r.m.attempts,
      businessId: r.m.businessId,
      conversationId: r.m.conversationId,
      campaignId: r.m.campaignId,
      type: r.m.type,
      body: r.m.body,
      payload: r.m.payload,
      replyToWamid: r.m.replyToWamid,
      phoneNumberId: r.phoneNumberId,
      displayNumber: r.displayNumber.replace(/\D/g, ""),
      waId: r.waId,
      userId: r.userId,
    }));
  });
}

const sqlIncrement = () => sql`${messages.attempts} + 1`;

const fence = (m: { id: string; attempt: number }) =>
  and(eq(messages.id, m.id), eq(messages.status, "sending"), eq(messages.attempts, m.attempt));

async function statusEvent(tx: Tx, m: ClaimedMessage, status: string, at: Date): Promise<LiveEvent> {
  const seq = await reserveSeq(tx, m.businessId, 1);
  return {
    type: "message.status_changed",
    businessId: m.businessId,
    seq,
    conversationId: m.conversationId,
    campaignId: m.campaignId,
    messageId: m.id,
    status,
    at: at.toISOString(),
  };
}

/** Sent: record the wamid, then apply any status webhook that beat the send response here. */
export async function markSent(db: Db, m: ClaimedMessage, wamid: string, now: Date): Promise<LiveEvent[]> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(messages)
      .set({ status: "sent", wamid, statusAt: now, nextAttemptAt: null, errorCode: null, errorMessage: null })
      .where(fence(m))
      .returning({ id: messages.id });
    if (!row) return [];
    const caught = await catchUpStatuses(tx, wamid);
    return [await statusEvent(tx, m, caught?.status ?? "sent", now)];
  });
}

/** A transient failure: back to `queued` for another try at `at`; the reason stays visible. */
export async function markRetry(
  db: Db,
  m: ClaimedMessage,
  opts: { at: Date; errorCode: number | null; reason: string },
): Promise<void> {
  await db
    .update(messages)
    .set({ status: "queued", nextAttemptAt: opts.at, errorCode: opts.errorCode, errorMessage: opts.reason })
    .where(fence(m));
}

/** A permanent failure: `failed` with the reason. 131047 also shuts the 24-hour window. */
export async function markFailed(
  db: Db,
  m: ClaimedMessage,
  opts: { errorCode: number | null; reason: string; now: Date },
): Promise<LiveEvent[]> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(messages)
      .set({
        status: "failed",
        statusAt: opts.now,
        nextAttemptAt: null,
        errorCode: opts.errorCode,
        errorMessage: opts.reason,
      })
      .where(fence(m))
      .returning({ id: messages.id });
    if (!row) return [];
    if (opts.errorCode === WINDOW_CLOSED_CODE && m.conversationId) {
      await tx
        .update(conversations)
        .set({ windowClosedAt: opts.now })
        .where(eq(conversations.id, m.conversationId));
    }
    return [await statusEvent(tx, m, "failed", opts.now)];
  });
}
