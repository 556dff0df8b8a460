import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { messages, wabaNumbers } from "../../db/schema";

/**
 * The message of this business that carries this media id: it proves the business may see the
 * file and names the number to fetch it through, the message type (for its size cap) and the
 * document's file name. The filter is exactly the expression of `messages_media_id_idx`.
 */
export function mediaOwnerQuery(db: Db, businessId: string, mediaId: string) {
  return db
    .select({
      phoneNumberId: wabaNumbers.phoneNumberId,
      messageType: messages.type,
      filename: sql<string | null>`${messages.payload} -> ${messages.type} ->> 'filename'`,
    })
    .from(messages)
    .innerJoin(wabaNumbers, eq(wabaNumbers.id, messages.numberId))
    .where(
      and(
        eq(messages.businessId, businessId),
        sql`(${messages.payload} -> ${messages.type} ->> 'id') = ${mediaId}`,
      ),
    )
    .limit(1);
}
