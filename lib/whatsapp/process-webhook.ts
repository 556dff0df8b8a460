import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { businesses, unroutableWebhooks, wabaNumbers } from "../../db/schema";
import { logger } from "../logger";
import { recordItemFailure } from "./failed-items";
import { itemKey, itemsOfValue, processItem } from "./webhook-items";
import { messagesValueSchema, type WebhookEnvelope } from "./webhook-schema";

export interface ProcessSummary {
  messages: number;
  duplicates: number;
  statuses: number;
  unroutable: number;
  skipped: number;
  /** items that threw: recorded in webhook_failed_items and retried from there */
  failed: number;
}

type Value = ReturnType<typeof messagesValueSchema.parse>;
type Located = { value: Value; entryId: string | null; position: string };

/**
 * Everything in one stored delivery: every entry, change, message and status (WHATSAPP.md §3),
 * item by item. Each item runs in its own transaction; one that throws is recorded as a failed
 * item (retried with backoff) and never holds back the others. Idempotent, so a delivery may be
 * processed again after a crash: messages dedupe on wamid, statuses on (wamid, status),
 * unroutable rows on the delivery id, failed items on their key.
 *
 * Routing needs both halves to agree: the number (`metadata.phone_number_id`) must belong to a
 * business, and the entry it came in (`entry[].id`, the WABA id) must be that business's WABA.
 * Anything else is stored as unroutable, for the admins of the WABA that sent it.
 */
export async function processWebhook(
  db: Db,
  body: WebhookEnvelope,
  deliveryId: string,
  receivedAt = new Date(),
): Promise<ProcessSummary> {
  const sum: ProcessSummary = {
    messages: 0,
    duplicates: 0,
    statuses: 0,
    unroutable: 0,
    skipped: 0,
    failed: 0,
  };
  const values: Located[] = [];
  body.entry.forEach((entry, e) => {
    entry.changes.forEach((change, c) => {
      // Other fields (template status, account updates…) are kept in webhook_deliveries only.
      if (change.field !== "messages") return;
      const v = messagesValueSchema.safeParse(change.value);
      if (v.success)
        values.push({ value: v.data, entryId: entry.id ?? null, position: `${deliveryId}/${e}/${c}` });
      else sum.skipped++;
    });
  });
  if (!values.length) return sum;

  // One lookup for every number in the delivery, with the WABA of the business that owns it.
  const ids = [...new Set(values.map((v) => v.value.metadata.phone_number_id))];
  const known = await db
    .select({ phoneNumberId: wabaNumbers.phoneNumberId, wabaId: businesses.wabaId })
    .from(wabaNumbers)
    .innerJoin(businesses, eq(businesses.id, wabaNumbers.businessId))
    .where(inArray(wabaNumbers.phoneNumberId, ids));
  const wabaOf = new Map(known.map((k) => [k.phoneNumberId, k.wabaId]));
  const routable = (v: Located) => {
    const waba = wabaOf.get(v.value.metadata.phone_number_id);
    return waba !== undefined && waba === v.entryId;
  };

  const unroutable = values.filter((v) => !routable(v));
  if (unroutable.length) {
    const already = await db
      .select({ id: unroutableWebhooks.id })
      .from(unroutableWebhooks)
      .where(eq(unroutableWebhooks.deliveryId, deliveryId))
      .limit(1);
    if (!already.length) {
      await db.insert(unroutableWebhooks).values(
        unroutable.map((v) => ({
          deliveryId,
          entryId: v.entryId,
          phoneNumberId: v.value.metadata.phone_number_id,
          displayPhoneNumber: v.value.metadata.display_phone_number ?? null,
          value: v.value as Record<string, unknown>,
          receivedAt,
        })),
      );
    }
    sum.unroutable = unroutable.length;
  }

  for (const v of values) {
    if (!routable(v)) continue;
    const { items, skipped } = itemsOfValue(v.value);
    sum.skipped += skipped;
    for (const item of items) {
      try {
        const r = await processItem(db, item, receivedAt);
        sum.messages += r.messages;
        sum.duplicates += r.duplicates;
        sum.statuses += r.statuses;
        sum.skipped += r.skipped;
      } catch (err) {
        // Recorded durably before the delivery counts as processed; if even this fails (the
        // database is gone), the delivery stays unprocessed and the delivery sweep runs it again.
        logger.warn({ err, deliveryId, kind: item.kind }, "webhook item failed; it will be retried");
        await recordItemFailure(db, { deliveryId, item, key: itemKey(item, v.position), err });
        sum.failed++;
      }
    }
  }
  return sum;
}
