import { and, desc, eq, sql } from "drizzle-orm";
import { decide } from "../../domain/conversation-machine";
import type { Db, Tx } from "../../../db/client";
import {
  conversationEvents,
  conversations,
  customers,
  messages,
  wabaNumbers,
  type Customer,
} from "../../../db/schema";
import { reserveSeq } from "../business-seq";
import { applyStateChange } from "./apply";
import type { LiveEvent } from "../../realtime/events";
import { inboundRow } from "./inbound-row";
import { mergeCustomers } from "./merge-customers";
import { previewOf } from "./preview";
import { refuse, RefusalError, type Result } from "../result";
import { runInTx } from "../run";

export interface CustomerIdentity {
  waId?: string | null;
  userId?: string | null;
  username?: string | null;
  profileName?: string | null;
}

export interface InboundMessage {
  wamid: string;
  type: string;
  body?: string | null;
  payload?: Record<string, unknown> | null;
  /** Meta's own timestamp, never the arrival time (WHATSAPP.md §3.2) */
  timestamp: Date;
  replyToWamid?: string | null;
}

export interface CustomerMessageInput {
  /** Meta's metadata.phone_number_id */
  phoneNumberId: string;
  customer: CustomerIdentity;
  message: InboundMessage;
}

export type CustomerMessageValue = {
  duplicate: boolean;
  conversationId: string | null;
  messageId: string | null;
  rule: string | null;
};

/**
 * Find or create the customer, keyed on wa_id, else user_id (WHATSAPP.md §3.6). A webhook naming
 * both ids joins them: a record found by one id takes the other, and when two records exist (one
 * per id) they are merged into one (SPEC §6), so the unique indexes on either id never throw.
 */
export async function upsertCustomer(
  tx: Tx,
  businessId: string,
  who: CustomerIdentity,
  events?: LiveEvent[],
): Promise<Customer> {
  const waId = who.waId || null;
  const userId = who.userId || null;
  if (!waId && !userId)
    throw new RefusalError(refuse("invalid_input", "A customer needs a wa_id or a user_id."));
  const byWa = async () =>
    waId
      ? (
          await tx
            .select()
            .from(customers)
            .where(and(eq(customers.businessId, businessId), eq(customers.waId, waId)))
        )[0]
      : undefined;
  const byUser = async () =>
    userId
      ? (
          await tx
            .select()
            .from(customers)
            .where(and(eq(customers.businessId, businessId), eq(customers.userId, userId)))
        )[0]
      : undefined;
  let [a, b] = [await byWa(), await byUser()];
  if (!a && !b) {
    await tx
      .insert(customers)
      .values({
        businessId,
        waId,
        userId,
        username: who.username ?? null,
        profileName: who.profileName ?? null,
      })
      .onConflictDoNothing();
    [a, b] = [await byWa(), await byUser()];
    if (!a && !b) throw new Error("customer upsert failed");
  }
  let c: Customer;
  if (a && b && a.id !== b.id) c = await mergeCustomers(tx, a, b, events);
  else c = (a ?? b) as Customer;
  const patch: Partial<Customer> = {};
  // Only when no other record holds the id (after a merge none does).
  if (waId && !c.waId && !a) patch.waId = waId;
  if (userId && !c.userId && !b) patch.userId = userId;
  if (who.username && who.username !== c.username) patch.username = who.username;
  if (who.profileName && who.profileName !== c.profileName) patch.profileName = who.profileName;
  if (Object.keys(patch).length) {
    const [u] = await tx.update(customers).set(patch).where(eq(customers.id, c.id)).returning();
    c = u;
  }
  return c;
}

/**
 * A customer's message (T1–T4). Idempotent on the wamid. Concurrent first messages of one new
 * customer to one number are serialised by a transaction-scoped advisory lock on the pair, so
 * a burst makes one conversation.
 */
export function receiveCustomerMessage(
  db: Db,
  input: CustomerMessageInput,
): Promise<Result<CustomerMessageValue>> {
  const m = input.message;
  if (!m.wamid || m.wamid.length > 512)
    return Promise.resolve(refuse("invalid_input", "A message needs its wamid."));
  if (Number.isNaN(m.timestamp.getTime()))
    return Promise.resolve(refuse("invalid_input", "Bad message timestamp."));

  return runInTx(db, async (tx, events) => {
    const [number] = await tx
      .select()
      .from(wabaNumbers)
      .where(eq(wabaNumbers.phoneNumberId, input.phoneNumberId));
    if (!number)
      throw new RefusalError(refuse("not_found", `No business owns phone_number_id ${input.phoneNumberId}.`));
    const customerKey = input.customer.waId || input.customer.userId || "";
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${number.id}:${customerKey}`}))`);

    const [seen] = await tx.select({ id: messages.id }).from(messages).where(eq(messages.wamid, m.wamid));
    if (seen) return { duplicate: true, conversationId: null, messageId: seen.id, rule: null };

    const customer = await upsertCustomer(tx, number.businessId, input.customer, events);
    const now = new Date();
    const [latest] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.numberId, number.id), eq(conversations.customerId, customer.id)))
      .orderBy(desc(conversations.createdAt))
      .limit(1)
      .for("update");

    let conversationId: string;
    let rule: string;
    if (!latest) {
      const [created] = await tx
        .insert(conversations)
        .values({
          businessId: number.businessId,
          numberId: number.id,
          customerId: customer.id,
          state: "open",
          lastActivityAt: m.timestamp,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await tx.insert(conversationEvents).values({
        businessId: number.businessId,
        conversationId: created.id,
        kind: "opened",
        toState: "open",
        createdAt: now,
      });
      const seq = await reserveSeq(tx, number.businessId, 1, { to: "open" });
      events.push({
        type: "conversation.created",
        businessId: number.businessId,
        seq,
        conversationId: created.id,
        state: "open",
        at: now.toISOString(),
      });
      conversationId = created.id;
      rule = "T1";
    } else {
      const d = decide(latest.state, "customer_message", { kind: "customer" });
      if (!d.ok) throw new Error(`machine refused a customer message: ${d.code}`);
      rule = d.rule;
      conversationId = latest.id;
      if (d.timeline) {
        events.push(
          await applyStateChange(tx, latest, {
            to: d.to,
            assigneeId: null,
            timeline: d.timeline,
            actorId: null,
            now,
          }),
        );
      }
    }

    const [msg] = await tx
      .insert(messages)
      .values(inboundRow(number, customer.id, conversationId, m, now))
      .returning({ id: messages.id });

    // A late-delivered older message must not move the clocks backwards.
    // (Dates inside sql`` go as ISO text: postgres.js cannot bind a raw Date there.)
    const at = sql`${m.timestamp.toISOString()}::timestamptz`;
    await tx
      .update(conversations)
      .set({
        lastCustomerMessageAt: sql`greatest(${conversations.lastCustomerMessageAt}, ${at})`,
        lastActivityAt: sql`greatest(${conversations.lastActivityAt}, ${at}, ${now.toISOString()}::timestamptz)`,
        lastMessagePreview: previewOf(m.type, m.body),
        lastMessageId: msg.id,
        updatedAt: now,
      })
      .where(eq(conversations.id, conversationId));

    const seq = await reserveSeq(tx, number.businessId, 1);
    events.push({
      type: "message.created",
      businessId: number.businessId,
      seq,
      conversationId,
      messageId: msg.id,
      direction: "inbound",
      at: now.toISOString(),
    });
    return { duplicate: false, conversationId, messageId: msg.id, rule };
  });
}
