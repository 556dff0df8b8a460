/**
 * How long one send may take before it is abandoned. The outbox holds a row for at least this
 * long once its request has left, so no other worker sends it while the first may still succeed.
 */
export const DEFAULT_SEND_TIMEOUT_MS = 30_000;

/** The one interface every outbound path uses: the Cloud API client, or the simulator. */
export interface CloudMessageBody {
  messaging_product: "whatsapp";
  recipient_type: "individual";
  to?: string;
  recipient?: string;
  type: string;
  context?: { message_id: string };
  [k: string]: unknown;
}

export interface OutboundRequest {
  /** Meta's id of the sending number (WHATSAPP_GRAPH_URL/{phoneNumberId}/messages) */
  phoneNumberId: string;
  /** digits of the business number, for the simulator's status webhooks */
  displayNumber: string;
  body: CloudMessageBody;
}

export type SendOutcome =
  | { ok: true; wamid: string }
  | { ok: false; code: number | null; httpStatus: number | null; message: string };

export interface Transport {
  send(req: OutboundRequest, signal: AbortSignal): Promise<SendOutcome>;
}
