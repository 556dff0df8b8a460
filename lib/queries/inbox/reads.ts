import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { conversationReads, conversations } from "../../../db/schema";

/** Move the member's read position to now (unread counts are per member). */
export async function markRead(
  db: DbOrTx,
  input: { businessId: string; memberId: string; conversationId: string; now?: Date },
) {
  const [c] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), eq(conversations.businessId, input.businessId)));
  if (!c) return false;
  const at = input.now ?? new Date();
  await db
    .insert(conversationReads)
    .values({ memberId: input.memberId, conversationId: c.id, lastReadAt: at })
    .onConflictDoUpdate({
      target: [conversationReads.memberId, conversationReads.conversationId],
      set: { lastReadAt: at },
    });
  return true;
}
