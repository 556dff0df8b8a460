import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { businesses, customers, mediaCache, messages, wabaNumbers } from "../../../db/schema";
import { templateOf } from "../outbox/build-body";

/**
 * What the simulator reads. It plays Meta and the customer's phone for the signed-in member's
 * business, so it may see that business's numbers and the messages exchanged on them (callers
 * check the number with ./access first); everything it *sends* goes through the signed webhook
 * route.
 */
export async function simulatorNumbers(db: Db, businessId: string) {
  return db
    .select({
      phoneNumberId: wabaNumbers.phoneNumberId,
      displayNumber: wabaNumbers.displayNumber,
      label: wabaNumbers.label,
      business: businesses.name,
    })
    .from(wabaNumbers)
    .innerJoin(businesses, eq(businesses.id, wabaNumbers.businessId))
    .where(and(eq(wabaNumbers.active, true), eq(wabaNumbers.businessId, businessId)))
    .orderBy(asc(businesses.name), asc(wabaNumbers.label));
}

/** A phone shows the latest stretch of a chat: older messages are not read at all. */
export const THREAD_LIMIT = 500;

export interface SimMessage {
  id: string;
  direction: "inbound" | "outbound";
  type: string;
  body: string | null;
  status: string;
  wamid: string | null;
  at: string;
  quickReplies: string[];
  mediaId: string | null;
  errorMessage: string | null;
}

/** The chat between one customer (wa_id) and one business number, both directions, oldest first (the newest THREAD_LIMIT). */
export async function simulatorThread(db: Db, phoneNumberId: string, waId: string): Promise<SimMessage[]> {
  const rows = await db
    .select({ m: messages })
    .from(messages)
    .innerJoin(wabaNumbers, eq(wabaNumbers.id, messages.numberId))
    .innerJoin(customers, eq(customers.id, messages.customerId))
    .where(and(eq(wabaNumbers.phoneNumberId, phoneNumberId), eq(customers.waId, waId)))
    .orderBy(desc(messages.sentAt), desc(messages.createdAt))
    .limit(THREAD_LIMIT);
  return rows.reverse().map(({ m }) => {
    const media = m.payload?.[m.type] as { id?: unknown } | undefined;
    return {
      id: m.id,
      direction: m.direction,
      type: m.type,
      body: m.body,
      status: m.status,
      wamid: m.wamid,
      at: m.sentAt.toISOString(),
      quickReplies: m.type === "template" ? (templateOf(m.payload)?.quickReplies ?? []) : [],
      mediaId: typeof media?.id === "string" ? media.id : null,
      errorMessage: m.errorMessage,
    };
  });
}

/** Outbound messages the customer has not yet read: their wamids, for `read` receipts. */
export async function unreadOutbound(db: Db, phoneNumberId: string, waId: string): Promise<string[]> {
  const rows = await db
    .select({ wamid: messages.wamid })
    .from(messages)
    .innerJoin(wabaNumbers, eq(wabaNumbers.id, messages.numberId))
    .innerJoin(customers, eq(customers.id, messages.customerId))
    .where(
      and(
        eq(wabaNumbers.phoneNumberId, phoneNumberId),
        eq(customers.waId, waId),
        eq(messages.direction, "outbound"),
        inArray(messages.status, ["sent", "delivered"]),
      ),
    );
  return rows.map((r) => r.wamid).filter((w): w is string => !!w);
}

/** Keep an uploaded image as Meta keeps uploaded media; the media route serves it from here. */
export async function storeSimulatorMedia(
  db: Db,
  businessId: string,
  mimeType: string,
  bytes: Buffer,
): Promise<string> {
  const mediaId = `sim${randomBytes(10).toString("hex")}`;
  await db.insert(mediaCache).values({ mediaId, businessId, mimeType, bytes });
  return mediaId;
}

export async function simulatorMedia(db: Db, mediaId: string) {
  const [m] = await db.select().from(mediaCache).where(eq(mediaCache.mediaId, mediaId));
  return m ?? null;
}
