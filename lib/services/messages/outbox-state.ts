import { randomUUID } from "node:crypto";
import { and, asc, eq, exists, inArray, lte, notInArray, sql } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "../../../db/client";
import { conversations, customers, messages, wabaNumbers } from "../../../db/schema";
import type { LiveEvent } from "../../realtime/events";
import { WINDOW_CLOSED_CODE } from "../../whatsapp/errors";
import { reserveSeq } from "../business-seq";
import { catchUpStatuses } from "./status";

/**
 * The outbox's state changes. A claimed row is `sending` with a lease (next_attempt_at = lease
 * end), a fresh lease token and its attempt number; every later write is fenced on all three, so
 * a worker that was presumed dead and comes back late cannot overwrite the row's newer fate.
 * Just before its request leaves, the worker re-fences the row (`fenceForSend`): that write
 * fails if anyone else has claimed it meanwhile, and otherwise stretches the lease over the
 * whole send and its recording, so nobody claims it again while the request may be in flight.
 */
export interface ClaimedMessage {
  id: string;
  attempt: number;
  leaseToken: string;
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

const DUE_STATUSES = ["queued", "sending"] as const;

const isDue = (now: Date) =>
  and(
    inArray(messages.status, [...DUE_STATUSES]),
    lte(messages.nextAttemptAt, now),
    eq(messages.direction, "outbound"),
  );

/**
 * One number's due rows, replies before campaign rows and oldest first, locked without waiting
 * on rows another instance holds. Served by messages_outbox_claim_idx (same columns, same order).
 */
export function dueRowsQuery(
  tx: DbOrTx,
  opts: { numberId: string; now: Date; limit: number; except?: string[] },
) {
  return tx
    .select({ id: messages.id, campaignId: messages.campaignId })
    .from(messages)
    .where(
      and(
        eq(messages.numberId, opts.numberId),
        isDue(opts.now),
        opts.except?.length ? notInArray(messages.id, opts.except) : undefined,
      ),
    )
    .orderBy(sql`(${messages.campaignId} IS NOT NULL)`, asc(messages.nextAttemptAt))
    .limit(opts.limit)
    .for("update", { skipLocked: true });
}

/**
 * Claim up to `limit` due rows: `queued` ones whose time has come, and `sending` ones whose lease
 * ran out (their worker died between claim and result). Each number with work gets an equal
 * share of the batch, so one number's 10,000-row campaign cannot starve another number's
 * replies; within the batch replies come first, taken in turn from each number. FOR UPDATE
 * SKIP LOCKED lets several instances claim side by side without double-claiming.
 */
export async function claimDue(
  db: Db,
  opts: { now: Date; limit: number; leaseMs: number },
): Promise<ClaimedMessage[]> {
  const leaseUntil = new Date(opts.now.getTime() + opts.leaseMs);
  const leaseToken = randomUUID();
  return db.transaction(async (tx) => {
    const withWork = await tx
      .select({ id: wabaNumbers.id })
      .from(wabaNumbers)
      .where(
        exists(
          tx
            .select({ one: sql`1` })
            .from(messages)
            .where(and(eq(messages.numberId, wabaNumbers.id), isDue(opts.now))),
        ),
      );
    if (!withWork.length) return [];
    const share = Math.max(1, Math.ceil(opts.limit / withWork.length));
    const perNumber: { id: string; campaignId: string | null }[][] = [];
    for (const n of withWork) {
      perNumber.push(await dueRowsQuery(tx, { numberId: n.id, now: opts.now, limit: share }));
    }
    // What quiet numbers left of their share goes to the busy ones, in turn.
    let room = opts.limit - perNumber.reduce((a, l) => a + l.length, 0);
    for (let i = 0; i < withWork.length && room > 0; i++) {
      if (perNumber[i].length < share) continue;
      const more = await dueRowsQuery(tx, {
        numberId: withWork[i].id,
        now: opts.now,
        limit: room,
        except: perNumber[i].map((r) => r.id),
      });
      perNumber[i].push(...more);
      room -= more.length;
    }
    const due = fairOrder(perNumber).slice(0, opts.limit);
    if (!due.length) return [];
    const ids = due.map((d) => d.id);
    const claimed = await tx
      .update(messages)
      .set({ status: "sending", attempts: sqlIncrement(), nextAttemptAt: leaseUntil, leaseToken })
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
    const byId = new Map(rows.map((r) => [r.m.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      return [
        {
          id: r.m.id,
          attempt: attemptOf.get(r.m.id) ?? r.m.attempts,
          leaseToken,
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
        },
      ];
    });
  });
}

/** Take rows in turn from each number, then move every reply ahead of every campaign row. */
function fairOrder<T extends { campaignId: string | null }>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++)
    for (const l of lists) if (i < l.length) out.push(l[i]);
  return [...out.filter((r) => !r.campaignId), ...out.filter((r) => r.campaignId)];
}

const sqlIncrement = () => sql`${messages.attempts} + 1`;

const fence = (m: Pick<ClaimedMessage, "id" | "attempt" | "leaseToken">) =>
  and(
    eq(messages.id, m.id),
    eq(messages.status, "sending"),
    eq(messages.attempts, m.attempt),
    eq(messages.leaseToken, m.leaseToken),
  );

/**
 * Right before the request leaves: still ours? Then hold the row until `until` (the end of the
 * longest the send and its recording can take). False means another worker took it over after
 * our claim lease ran out: we must not send.
 */
export async function fenceForSend(db: Db, m: ClaimedMessage, until: Date): Promise<boolean> {
  const rows = await db
    .update(messages)
    .set({ nextAttemptAt: until })
    .where(fence(m))
    .returning({ id: messages.id });
  return rows.length === 1;
}

/** A claimed row this worker will not send after all (it is stopping): due again at once. */
export async function releaseClaim(db: Db, m: ClaimedMessage, now: Date): Promise<void> {
  await db
    .update(messages)
    .set({ status: "queued", attempts: sql`${messages.attempts} - 1`, nextAttemptAt: now, leaseToken: null })
    .where(fence(m));
}

/**
 * Meta accepted the message but recording it kept failing. Keep the row `sending`, out of every
 * claim (no next attempt), with the wamid so that Meta's status webhooks still find it and a
 * reason an admin can read: resending it automatically could deliver it twice.
 */
export async function markUncertain(db: Db, m: ClaimedMessage, wamid: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(messages)
    .set({
      wamid,
      nextAttemptAt: null,
      statusAt: now,
      errorMessage:
        "WhatsApp accepted this message, but recording that failed; it is not sent again automatically.",
    })
    .where(fence(m))
    .returning({ id: messages.id });
  return rows.length === 1;
}

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
      .set({
        status: "sent",
        wamid,
        statusAt: now,
        nextAttemptAt: null,
        leaseToken: null,
        errorCode: null,
        errorMessage: null,
      })
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
    .set({
      status: "queued",
      nextAttemptAt: opts.at,
      leaseToken: null,
      errorCode: opts.errorCode,
      errorMessage: opts.reason,
    })
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
        leaseToken: null,
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
