import type { NewMessage, WabaNumber } from "../../../db/schema";
import type { InboundMessage } from "./customer-message";

/** The messages row for a customer's inbound message, as every inbound path stores it. */
export function inboundRow(
  number: Pick<WabaNumber, "id" | "businessId">,
  customerId: string,
  conversationId: string | null,
  m: InboundMessage,
  now: Date,
): NewMessage {
  return {
    businessId: number.businessId,
    numberId: number.id,
    customerId,
    conversationId,
    direction: "inbound",
    type: m.type,
    body: m.body ?? null,
    payload: m.payload ?? null,
    wamid: m.wamid,
    status: "received",
    replyToWamid: m.replyToWamid ?? null,
    sentAt: m.timestamp,
    createdAt: now,
  };
}
