import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { conversations, messages, wabaNumbers } from "../../../db/schema";
import { reserveSeq } from "../business-seq";
import { upsertCustomer, type CustomerMessageInput } from "../conversations/customer-message";
import { inboundRow } from "../conversations/inbound-row";
import { refuse, RefusalError } from "../result";
import { runInTx } from "../run";

/**
 * A customer's reaction (or its removal) to one of our messages. It is stored, deduplicated on
 * its wamid, in the conversation of the message it reacts to (else the pair's latest one), but it
 * is not a customer message in the SPEC §1 sense: it never creates or reopens a conversation,
 * changes no state, and does not move the silence clock or the 24-hour window (whether Meta
 * counts it for the window is UNCONFIRMED, so we do not rely on it). A reaction to a campaign
 * message with no conversation is kept with conversation_id null, like the campaign message.
 */
export function recordReaction(db: Db, input: CustomerMessageInput) {
  const m = input.message;
  return runInTx(db, async (tx, events) => {
    const [number] = await tx
      .select()
      .from(wabaNumbers)
      .where(eq(wabaNumbers.phoneNumberId, input.phoneNumberId));
    if (!number)
      throw new RefusalError(refuse("not_found", `No business owns phone_number_id ${input.phoneNumberId}.`));
    const customer = await upsertCustomer(tx, number.businessId, input.customer, events);
    let conversationId: string | null = null;
    if (m.replyToWamid) {
      const [target] = await tx
        .select({ conversationId: messages.conversationId })
        .from(messages)
        .where(and(eq(messages.wamid, m.replyToWamid), eq(messages.businessId, number.businessId)));
      conversationId = target?.conversationId ?? null;
    }
    if (!conversationId) {
      const [latest] = await tx
        .select({ id: conversations.id })
        .from(conversations)
        .where(and(eq(conversations.numberId, number.id), eq(conversations.customerId, customer.id)))
        .orderBy(desc(conversations.createdAt))
        .limit(1);
      conversationId = latest?.id ?? null;
    }
    const now = new Date();
    const [row] = await tx
      .insert(messages)
      .values(inboundRow(number, customer.id, conversationId, m, now))
      .onConflictDoNothing({ target: messages.wamid })
      .returning({ id: messages.id });
    if (!row) return { duplicate: true, conversationId, messageId: null };
    if (conversationId) {
      const seq = await reserveSeq(tx, number.businessId, 1);
      events.push({
        type: "message.created",
        businessId: number.businessId,
        seq,
        conversationId,
        messageId: row.id,
        direction: "inbound",
        at: now.toISOString(),
      });
    }
    return { duplicate: false, conversationId, messageId: row.id };
  });
}
