import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import {
  conversationEvents,
  conversationReads,
  conversations,
  customers,
  messages,
  type Conversation,
  type Customer,
} from "../../../db/schema";
import type { LiveEvent } from "../../realtime/events";
import { reserveSeq } from "../business-seq";

const LIVE = ["open", "assigned"] as const;

/**
 * One person known by two records — one found by wa_id, one by user_id — joined into one
 * (SPEC §6 "One customer through usernames and number changes"), in the caller's transaction.
 * The wa_id record survives and takes the user_id; the other record's conversations move to it.
 *
 * "At most one live conversation per (number, customer)" (a unique index) means two live
 * conversations on the same number cannot both move: the other one's messages, timeline and
 * read positions are folded into the survivor's live conversation, and the emptied conversation
 * is deleted, its tab count taken back. Locks are taken in one order — both customers by id,
 * then their conversations by id — so two merges of the same pair wait instead of deadlocking.
 */
export async function mergeCustomers(
  tx: Tx,
  byWaId: Customer,
  byUserId: Customer,
  events: LiveEvent[] = [],
): Promise<Customer> {
  const locked = await tx
    .select()
    .from(customers)
    .where(inArray(customers.id, [byWaId.id, byUserId.id]))
    .orderBy(asc(customers.id))
    .for("update");
  const survivor = locked.find((c) => c.id === byWaId.id);
  const other = locked.find((c) => c.id === byUserId.id);
  // A concurrent merge already joined them: the survivor is what is left.
  if (!survivor || !other) return (survivor ?? other ?? byWaId) as Customer;

  const convs = await tx
    .select()
    .from(conversations)
    .where(inArray(conversations.customerId, [survivor.id, other.id]))
    .orderBy(asc(conversations.id))
    .for("update");
  const isLive = (c: Conversation) => (LIVE as readonly string[]).includes(c.state);
  const liveOfSurvivor = new Map(
    convs.filter((c) => c.customerId === survivor.id && isLive(c)).map((c) => [c.numberId, c]),
  );

  for (const conv of convs.filter((c) => c.customerId === other.id)) {
    const target = isLive(conv) ? liveOfSurvivor.get(conv.numberId) : undefined;
    if (!target) {
      await tx.update(conversations).set({ customerId: survivor.id }).where(eq(conversations.id, conv.id));
      continue;
    }
    // Both live on the same number: fold this one into the survivor's.
    await tx.update(messages).set({ conversationId: target.id }).where(eq(messages.conversationId, conv.id));
    await tx
      .update(conversationEvents)
      .set({ conversationId: target.id })
      .where(eq(conversationEvents.conversationId, conv.id));
    await tx.delete(conversationReads).where(eq(conversationReads.conversationId, conv.id));
    const newer = conv.lastActivityAt > target.lastActivityAt;
    await tx
      .update(conversations)
      .set({
        lastActivityAt: newer ? conv.lastActivityAt : target.lastActivityAt,
        lastCustomerMessageAt: sql`greatest(${conversations.lastCustomerMessageAt}, ${
          conv.lastCustomerMessageAt?.toISOString() ?? null
        }::timestamptz)`,
        ...(newer ? { lastMessagePreview: conv.lastMessagePreview, lastMessageId: conv.lastMessageId } : {}),
        updatedAt: new Date(),
      })
      .where(eq(conversations.id, target.id));
    await tx.delete(conversations).where(eq(conversations.id, conv.id));
    // Its tab count goes; clients refetch on the business event.
    const seq = await reserveSeq(tx, conv.businessId, 1, { from: conv.state, to: null });
    events.push({ type: "business.changed", businessId: conv.businessId, seq, at: new Date().toISOString() });
  }

  await tx.update(messages).set({ customerId: survivor.id }).where(eq(messages.customerId, other.id));
  await tx
    .delete(customers)
    .where(and(eq(customers.id, other.id), eq(customers.businessId, survivor.businessId)));
  const [merged] = await tx
    .update(customers)
    .set({
      userId: other.userId,
      username: survivor.username ?? other.username,
      profileName: survivor.profileName ?? other.profileName,
    })
    .where(eq(customers.id, survivor.id))
    .returning();
  return merged;
}
