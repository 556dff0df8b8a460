import { and, eq, inArray, lt, ne } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client";
import { conversations, messages, messageStatusEvents, wabaNumbers } from "../../../db/schema";
import type { LiveEvent } from "../../realtime/events";
import { classifyError, WINDOW_CLOSED_CODE } from "../../whatsapp/errors";
import { reserveSeq } from "../business-seq";
import { runInTx } from "../run";
import { currentRank, normaliseStatus, rankToBeat, type WebhookStatusName } from "./status-rank";

export interface StatusUpdate {
  wamid: string;
  /** Meta's status word: sent, delivered, read, played, failed */
  status: string;
  timestamp: Date;
  errorCode?: number | null;
  /** Meta's own words, used only when we have no sentence of our own for the code */
  errorText?: string | null;
}

type Applied = {
  id: string;
  businessId: string;
  conversationId: string | null;
  campaignId: string | null;
  status: string;
};

/**
 * Apply one status to the message with that wamid, monotonically, in the caller's transaction.
 * Returns the row when it changed. A 131047 failure also shuts the conversation's 24-hour window.
 * With `numberId`, only a message sent from that number is touched: a status webhook speaks for
 * the number it came for, never for another business's messages.
 */
export async function applyOneStatus(
  tx: Tx,
  u: StatusUpdate & { status: WebhookStatusName },
  numberId?: string,
): Promise<Applied | null> {
  const failed = u.status === "failed";
  const reason = failed ? classifyError(u.errorCode ?? null, 400, u.errorText ?? undefined).reason : null;
  const [row] = await tx
    .update(messages)
    .set({
      status: u.status,
      statusAt: u.timestamp,
      ...(failed ? { errorCode: u.errorCode ?? null, errorMessage: reason, nextAttemptAt: null } : {}),
    })
    .where(
      and(
        eq(messages.wamid, u.wamid),
        eq(messages.direction, "outbound"),
        numberId ? eq(messages.numberId, numberId) : undefined,
        lt(currentRank, rankToBeat(u.status)),
      ),
    )
    .returning({
      id: messages.id,
      businessId: messages.businessId,
      conversationId: messages.conversationId,
      campaignId: messages.campaignId,
      status: messages.status,
    });
  if (!row) return null;
  if (failed && u.errorCode === WINDOW_CLOSED_CODE && row.conversationId) {
    await tx
      .update(conversations)
      .set({ windowClosedAt: new Date() })
      .where(eq(conversations.id, row.conversationId));
  }
  return row;
}

async function eventsFor(tx: Tx, applied: Applied[], at: string): Promise<LiveEvent[]> {
  const out: LiveEvent[] = [];
  const byBusiness = new Map<string, Applied[]>();
  for (const a of applied) byBusiness.set(a.businessId, [...(byBusiness.get(a.businessId) ?? []), a]);
  for (const [businessId, rows] of byBusiness) {
    let seq = await reserveSeq(tx, businessId, rows.length);
    for (const r of rows) {
      out.push({
        type: "message.status_changed",
        businessId,
        seq: seq++,
        conversationId: r.conversationId,
        campaignId: r.campaignId,
        messageId: r.id,
        status: r.status,
        at,
      });
    }
  }
  return out;
}

/**
 * Status webhooks, in one transaction: each (wamid, status) is recorded once in
 * message_status_events (duplicates are dropped there), and each new one is applied to its
 * message monotonically, so out-of-order arrivals never downgrade a message. `scope` names the
 * number the webhook came for: only that number's messages change.
 */
export async function applyStatusUpdates(db: Db, updates: StatusUpdate[], scope?: { phoneNumberId: string }) {
  const seen = new Set<string>();
  let valid: (StatusUpdate & { status: WebhookStatusName; raw: string })[] = [];
  for (const u of updates) {
    const status = normaliseStatus(u.status);
    const key = `${u.wamid}\u0000${u.status}`;
    if (!status || seen.has(key) || Number.isNaN(u.timestamp.getTime())) continue;
    seen.add(key);
    valid.push({ ...u, status, raw: u.status });
  }
  if (!valid.length) return { ok: true as const, recorded: 0, applied: 0 };
  return runInTx(db, async (tx, events) => {
    let numberId: string | undefined;
    if (scope) {
      const [n] = await tx
        .select({ id: wabaNumbers.id })
        .from(wabaNumbers)
        .where(eq(wabaNumbers.phoneNumberId, scope.phoneNumberId));
      if (!n) return { recorded: 0, applied: 0 };
      numberId = n.id;
      // A wamid of another number's message is not this webhook's to record: recording it would
      // make the real status, when it comes, look like a duplicate.
      const foreign = await tx
        .select({ wamid: messages.wamid })
        .from(messages)
        .where(
          and(
            inArray(
              messages.wamid,
              valid.map((u) => u.wamid),
            ),
            ne(messages.numberId, n.id),
          ),
        );
      if (foreign.length) {
        const skip = new Set(foreign.map((f) => f.wamid));
        valid = valid.filter((u) => !skip.has(u.wamid));
        if (!valid.length) return { recorded: 0, applied: 0 };
      }
    }
    const fresh = await tx
      .insert(messageStatusEvents)
      .values(
        valid.map((u) => ({
          wamid: u.wamid,
          status: u.raw,
          occurredAt: u.timestamp,
          errorCode: u.errorCode ?? null,
        })),
      )
      .onConflictDoNothing()
      .returning({ wamid: messageStatusEvents.wamid, status: messageStatusEvents.status });
    const isFresh = new Set(fresh.map((f) => `${f.wamid}\u0000${f.status}`));
    // Highest rank first: a batch with sent+delivered+read for one wamid costs one real change.
    const todo = valid
      .filter((u) => isFresh.has(`${u.wamid}\u0000${u.raw}`))
      .sort((a, b) => rankToBeat(b.status) - rankToBeat(a.status));
    const applied: Applied[] = [];
    for (const u of todo) {
      const row = await applyOneStatus(tx, u, numberId);
      if (row) applied.push(row);
    }
    events.push(...(await eventsFor(tx, applied, new Date().toISOString())));
    return { recorded: fresh.length, applied: applied.length };
  });
}

/**
 * Statuses that arrived before the outbox recorded the wamid (the webhook can beat the send
 * response): apply the best one now, in the caller's transaction.
 */
export async function catchUpStatuses(tx: Tx, wamid: string): Promise<Applied | null> {
  const stored = await tx
    .select()
    .from(messageStatusEvents)
    .where(
      and(
        eq(messageStatusEvents.wamid, wamid),
        inArray(messageStatusEvents.status, ["delivered", "read", "played", "failed"]),
      ),
    );
  let best: Applied | null = null;
  const ordered = stored
    .map((s) => ({ ...s, norm: normaliseStatus(s.status) }))
    .filter((s): s is typeof s & { norm: WebhookStatusName } => s.norm !== null)
    .sort((a, b) => rankToBeat(b.norm) - rankToBeat(a.norm));
  for (const s of ordered) {
    const row = await applyOneStatus(tx, {
      wamid,
      status: s.norm,
      timestamp: s.occurredAt,
      errorCode: s.errorCode,
    });
    if (row) best = row;
  }
  return best;
}
