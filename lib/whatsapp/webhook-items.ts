import type { Db } from "../../db/client";
import { logger } from "../logger";
import { receiveCustomerMessage } from "../services/conversations/customer-message";
import { recordReaction } from "../services/messages/reaction";
import { applyStatusUpdates, type StatusUpdate } from "../services/messages/status";
import { mapMessage } from "./map-message";
import {
  contactSchema,
  messageSchema,
  parseUnixSeconds,
  statusSchema,
  type WebhookContact,
} from "./webhook-schema";

/**
 * The unit of webhook processing: one customer message, one reaction, or the statuses of one
 * change. Each runs in its own transaction, so one that throws rolls back only itself; a
 * failed item is stored as this JSON and retried on its own (lib/whatsapp/failed-items.ts).
 */
export type WebhookItem =
  | {
      kind: "message" | "reaction";
      phoneNumberId: string;
      /** the one contact the message names, if the change carried it */
      contact: WebhookContact | null;
      message: Record<string, unknown>;
    }
  | { kind: "statuses"; phoneNumberId: string; statuses: unknown[] };

export type ItemOutcome = { messages: number; duplicates: number; statuses: number; skipped: number };

const none = (): ItemOutcome => ({ messages: 0, duplicates: 0, statuses: 0, skipped: 0 });

/** Join a message to its contact on wa_id or user_id — never by position in the arrays. */
export function contactFor(
  contacts: WebhookContact[],
  from?: string,
  fromUserId?: string,
): WebhookContact | undefined {
  return contacts.find((c) => (from && c.wa_id === from) || (fromUserId && c.user_id === fromUserId));
}

/** The items of one routable `messages` change value, in order: its statuses, then each message. */
export function itemsOfValue(v: {
  metadata: { phone_number_id: string };
  contacts?: unknown[];
  messages?: unknown[];
  statuses?: unknown[];
}): { items: WebhookItem[]; skipped: number } {
  const phoneNumberId = v.metadata.phone_number_id;
  const items: WebhookItem[] = [];
  let skipped = 0;
  if (v.statuses?.length) items.push({ kind: "statuses", phoneNumberId, statuses: v.statuses });
  const contacts = (v.contacts ?? []).flatMap((c) => {
    const p = contactSchema.safeParse(c);
    return p.success ? [p.data] : [];
  });
  for (const raw of v.messages ?? []) {
    const p = messageSchema.safeParse(raw);
    if (!p.success) {
      skipped++;
      continue;
    }
    items.push({
      kind: p.data.type === "reaction" ? "reaction" : "message",
      phoneNumberId,
      contact: contactFor(contacts, p.data.from, p.data.from_user_id) ?? null,
      message: p.data,
    });
  }
  return { items, skipped };
}

/** What makes an item unique across deliveries: its wamid; a statuses group is per position. */
export function itemKey(item: WebhookItem, position: string): string {
  if (item.kind === "statuses") return `statuses:${position}`;
  return `${item.kind}:${String(item.message.id)}`;
}

/**
 * Process one item. Throws when the item could not be processed (the caller records it);
 * input that can never be processed (no ids, refused by the service layer) is skipped, not
 * thrown, so it is not retried. Idempotent: messages dedupe on wamid, statuses on (wamid, status).
 */
export async function processItem(db: Db, item: WebhookItem, receivedAt: Date): Promise<ItemOutcome> {
  const out = none();
  if (item.kind === "statuses") {
    const statuses: StatusUpdate[] = [];
    for (const raw of item.statuses) {
      const s = statusSchema.safeParse(raw);
      if (!s.success) {
        out.skipped++;
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
    if (statuses.length) {
      const r = await applyStatusUpdates(db, statuses, { phoneNumberId: item.phoneNumberId });
      if (r.ok) out.statuses = r.recorded;
    }
    return out;
  }

  const p = messageSchema.safeParse(item.message);
  if (!p.success) {
    out.skipped++;
    return out;
  }
  const m = p.data;
  const contact = item.contact;
  const customer = {
    waId: m.from ?? contact?.wa_id ?? null,
    userId: m.from_user_id ?? contact?.user_id ?? null,
    username: contact?.profile?.username ?? null,
    profileName: contact?.profile?.name ?? null,
  };
  if (!customer.waId && !customer.userId) {
    out.skipped++;
    return out;
  }
  const mapped = mapMessage(m);
  const input = {
    phoneNumberId: item.phoneNumberId,
    customer,
    // Meta's own timestamp (WHATSAPP.md §3.2); the arrival time only if it is unusable.
    message: { wamid: m.id, ...mapped, timestamp: parseUnixSeconds(m.timestamp) ?? receivedAt },
  };
  const r =
    mapped.type === "reaction" ? await recordReaction(db, input) : await receiveCustomerMessage(db, input);
  if (!r.ok) {
    logger.warn({ wamid: m.id, code: r.code }, `webhook message skipped: ${r.message}`);
    out.skipped++;
  } else if (r.duplicate) out.duplicates++;
  else out.messages++;
  return out;
}
