import { sql, type SQL } from "drizzle-orm";
import { messages } from "../../../db/schema";

/**
 * Delivery states only move forward: queued/sending < sent < delivered < read (WHATSAPP.md §4).
 * `failed` is final; it overrides anything short of `read` (a read message was delivered, so a
 * later `failed` for it is noise). `played` (voice notes) counts as read.
 */
export type WebhookStatusName = "sent" | "delivered" | "read" | "failed";

export function normaliseStatus(s: string): WebhookStatusName | null {
  if (s === "played") return "read";
  return s === "sent" || s === "delivered" || s === "read" || s === "failed" ? s : null;
}

export const RANK: Record<string, number> = { queued: 0, sending: 0, sent: 1, delivered: 2, read: 3 };

/** SQL: the current status's rank (failed and received rank above everything). */
export const currentRank: SQL<number> = sql`(case ${messages.status} when 'queued' then 0 when 'sending' then 0 when 'sent' then 1 when 'delivered' then 2 when 'read' then 3 else 9 end)`;

/** Rank a new status must beat: failed may replace anything below read. */
export const rankToBeat = (s: WebhookStatusName): number => (s === "failed" ? 3 : RANK[s]);
