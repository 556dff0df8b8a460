import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { conversations, members, type Conversation, type Member } from "../../../db/schema";
import { isUuid, refuse, RefusalError } from "../result";

/**
 * Re-read the acting member from the database: the session's claims are never trusted. The row
 * is share-locked until the action commits, so a deactivation (or role change) and this action
 * run one after the other: the action never commits as a member who is no longer active.
 *
 * Lock order, the same in every service: the acting member first (here, before anything else),
 * then conversations (in id order when several), then other members' rows, then the business
 * row (event sequence and counts, always last). Member management takes member rows first too.
 */
export async function loadActiveMember(tx: DbOrTx, memberId: string): Promise<Member> {
  if (!isUuid(memberId))
    throw new RefusalError(refuse("inactive_member", "Your account was not found. Sign in again."));
  const [m] = await tx.select().from(members).where(eq(members.id, memberId)).for("share");
  if (!m?.active)
    throw new RefusalError(refuse("inactive_member", "Your account is deactivated. Sign in again."));
  return m;
}

/** Lock the conversation, scoped to the business: another business's id reads as not found. */
export async function lockConversation(
  tx: DbOrTx,
  businessId: string,
  conversationId: string,
): Promise<Conversation> {
  if (!isUuid(conversationId)) throw new RefusalError(refuse("not_found", "Conversation not found."));
  const [c] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.businessId, businessId)))
    .for("update");
  if (!c) throw new RefusalError(refuse("not_found", "Conversation not found."));
  return c;
}

export async function memberName(tx: DbOrTx, id: string | null): Promise<string | null> {
  if (!id) return null;
  const [m] = await tx.select({ name: members.name }).from(members).where(eq(members.id, id));
  return m?.name ?? null;
}
