import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { unroutableWebhooks, wabaNumbers } from "../../db/schema";
import { logger } from "../logger";
import { receiveCustomerMessage } from "../services/conversations/customer-message";
import { recordReaction } from "../services/messages/reaction";
import { applyStatusUpdates, type StatusUpdate } from "../services/messages/status";
import { mapMessage } from "./map-message";
import {
  contactSchema,
  messageSchema,
  messagesValueSchema,
  parseUnixSeconds,
  statusSchema,
  type WebhookContact,
  type WebhookEnvelope,
} from "./webhook-schema";

export interface ProcessSummary {
  messages: number;
  duplicates: number;
  statuses: number;
  unroutable: number;
  skipped: number;
}

type Value = ReturnType<typeof messagesValueSchema.parse>;

/** Join a message to its contact on wa_id or user_id — never by position in the arrays. */
function contactFor(
  contacts: WebhookContact[],
  from?: string,
  fromUserId?: string,
): WebhookContact | undefined {
  return contacts.find((c) => (from && c.wa_id === from) || (fromUserId && c.user_id === fromUserId));
}

/**
 * Everything in one stored delivery: every entry, change, message and status (WHATSAPP.md §3).
 * Idempotent, so a delivery may be processed again after a crash: messages dedupe on wamid,
 * statuses on (wamid, status), unroutable rows on the delivery id.
 */
export async function processWebhook(
  db: Db,
  body: WebhookEnvelope,
  deliveryId: string,
  receivedAt = new Date(),
): Promise<ProcessSummary> {
  const sum: ProcessSummary = { messages: 0, duplicates: 0, statuses: 0, unroutable: 0, skipped: 0 };
  const values: Value[] = [];
  for (const entry of body.entry) {
    for (const change of entry.changes) {
      // Other fields (template status, account updates…) are kept in webhook_deliveries only.
      if (change.field !== "messages") continue;
      const v = messagesValueSchema.safeParse(change.value);
      if (v.success) values.push(v.data);
      else sum.skipped++;
    }
  }
  if (!values.length) return sum;

  // One lookup for every number in the delivery.
  const ids = [...new Set(values.map((v) => v.metadata.phone_number_id))];
  const known = await db
    .select({ phoneNumberId: wabaNumbers.phoneNumberId })
    .from(wabaNumbers)
    .where(inArray(wabaNumbers.phoneNumberId, ids));
  const routable = new Set(known.map((k) => k.phoneNumberId));

  const unroutable = values.filter((v) => !routable.has(v.metadata.phone_number_id));
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
          phoneNumberId: v.metadata.phone_number_id,
          displayPhoneNumber: v.metadata.display_phone_number ?? null,
          value: v as Record<string, unknown>,
        })),
      );
    }
    sum.unroutable = unroutable.length;
  }

  // Statuses of the whole delivery in one transaction.
  const statuses: StatusUpdate[] = [];
  for (const v of values) {
    if (!routable.has(v.metadata.phone_number_id)) continue;
    for (const raw of v.statuses ?? []) {
      const s = statusSchema.safeParse(raw);
      if (!s.success) {
        sum.skipped++;
        continue;
      }
      const e = s.data.errors?.[0];
      statuses.push({
        wamid: s.data.id,
        status: s.data.status,
        timestamp: parseUnixSeconds(s.data.timestamp) ?? receivedAt,
        errorCode: e?.code ?? null,
        errorText: e?.error_data?.details ?? e?.title ?? e?.message ?? null,
      });
    }
  }
  if (statuses.length) {
    const r = await applyStatusUpdates(db, statuses);
    if (r.ok) sum.statuses = r.recorded;
  }

  for (const v of values) {
    if (!routable.has(v.metadata.phone_number_id)) continue;
    const contacts = (v.contacts ?? []).flatMap((c) => {
      const p = contactSchema.safeParse(c);
      return p.success ? [p.data] : [];
    });
    for (const raw of v.messages ?? []) {
      const p = messageSchema.safeParse(raw);
      if (!p.success) {
        sum.skipped++;
        continue;
      }
      const m = p.data;
      const contact = contactFor(contacts, m.from, m.from_user_id);
      const customer = {
        waId: m.from ?? contact?.wa_id ?? null,
        userId: m.from_user_id ?? contact?.user_id ?? null,
        username: contact?.profile?.username ?? null,
        profileName: contact?.profile?.name ?? null,
      };
      if (!customer.waId && !customer.userId) {
        sum.skipped++;
        continue;
      }
      const mapped = mapMessage(m);
      const input = {
        phoneNumberId: v.metadata.phone_number_id,
        customer,
        // Meta's own timestamp (WHATSAPP.md §3.2); the arrival time only if it is unusable.
        message: { wamid: m.id, ...mapped, timestamp: parseUnixSeconds(m.timestamp) ?? receivedAt },
      };
      const r =
        mapped.type === "reaction"
          ? await recordReaction(db, input)
          : await receiveCustomerMessage(db, input);
      if (!r.ok) {
        logger.warn({ wamid: m.id, code: r.code }, `webhook message skipped: ${r.message}`);
        sum.skipped++;
      } else if (r.duplicate) sum.duplicates++;
      else sum.messages++;
    }
  }
  return sum;
}
