import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { webhookFailedItems } from "../../../db/schema";
import { retryFailedItem } from "../../whatsapp/failed-items";
import type { WebhookItem } from "../../whatsapp/webhook-items";
import { loadActor } from "../members/actor";
import { isUuid, refuse, RefusalError } from "../result";
import { runInTx } from "../run";

export type DeadWebhookItem = {
  id: string;
  kind: string;
  /** the wamid, or how many statuses */
  subject: string;
  /** the customer's wa_id or user_id, when the item is a message */
  from: string | null;
  attempts: number;
  reason: string;
  firstFailedAt: Date;
  deadAt: Date;
};

function summarise(item: WebhookItem): { subject: string; from: string | null } {
  if (item.kind === "statuses") return { subject: `${item.statuses.length} status update(s)`, from: null };
  const m = item.message as { id?: unknown; from?: unknown; from_user_id?: unknown };
  const from =
    typeof m.from === "string" ? m.from : typeof m.from_user_id === "string" ? m.from_user_id : null;
  return { subject: String(m.id ?? ""), from };
}

/**
 * Webhook items of this business that failed every automatic retry (SPEC §8: shown to admins
 * with the reason, never dropped silently). Admins and owners only.
 */
export function listDeadWebhookItems(db: Db, input: { actorId: string; limit?: number }) {
  return runInTx(db, async (tx) => {
    const actor = await loadActor(tx, input.actorId, "settings.manage");
    const rows = await tx
      .select()
      .from(webhookFailedItems)
      .where(and(eq(webhookFailedItems.businessId, actor.businessId), isNotNull(webhookFailedItems.deadAt)))
      .orderBy(desc(webhookFailedItems.deadAt))
      .limit(Math.min(input.limit ?? 100, 500));
    const items: DeadWebhookItem[] = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      ...summarise(r.item as WebhookItem),
      attempts: r.attempts,
      reason: r.lastError,
      firstFailedAt: r.createdAt,
      deadAt: r.deadAt as Date,
    }));
    return { items };
  });
}

/**
 * Run a dead-lettered item again, now. Another business's item, or one that is not dead, reads
 * as not found. If it fails again it stays in the list with the new reason.
 */
export async function retryDeadWebhookItem(db: Db, input: { actorId: string; itemId: string }) {
  const found = await runInTx(db, async (tx) => {
    const actor = await loadActor(tx, input.actorId, "settings.manage");
    if (!isUuid(input.itemId))
      throw new RefusalError(refuse("not_found", "That failed update is not in the list."));
    const [row] = await tx
      .select({ id: webhookFailedItems.id })
      .from(webhookFailedItems)
      .where(
        and(
          eq(webhookFailedItems.id, input.itemId),
          eq(webhookFailedItems.businessId, actor.businessId),
          isNotNull(webhookFailedItems.deadAt),
        ),
      );
    if (!row) throw new RefusalError(refuse("not_found", "That failed update is not in the list."));
    return { id: row.id };
  });
  if (!found.ok) return found;
  const outcome = await retryFailedItem(db, found.id);
  if (outcome === "failed")
    return refuse("invalid_target", "It failed again; the reason in the list is updated.");
  return { ok: true as const, retried: true };
}
