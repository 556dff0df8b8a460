import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { conversations, members, type Conversation, type Member } from "../../../db/schema";
import { isUuid, refuse, RefusalError } from "../result";

/** Re-read the acting member from the database: the session's claims are never trusted. */
export async function loadActiveMember(tx: DbOrTx, memberId: string): Promise<Member> {
  if (!isUuid(memberId))
    throw new RefusalError(refuse("inactive_member", "Your account was not found. Sign in again."));
  const [m] = await tx.select().from(members).where(eq(members.id, memberId));
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
