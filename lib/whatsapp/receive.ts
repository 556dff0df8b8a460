import type { Db } from "../../db/client";
import { processDelivery, storeDelivery } from "./deliveries";
import { cleanForJsonb, jsonDepth, MAX_DEPTH } from "./json-safety";
import { verifySignature } from "./signature";
import { envelopeSchema, type WebhookEnvelope } from "./webhook-schema";

/**
 * Deliveries with up to this many updates are processed before the answer, so the common
 * single-message webhook is in the inbox when Meta gets its 200. Bigger batches (Meta sends up
 * to 1,000 updates in one POST) are answered as soon as they are stored, and processed right
 * after: Meta asks for a median answer under 250 ms (WHATSAPP.md §4).
 */
export const INLINE_UPDATES = 20;

export function countUpdates(body: WebhookEnvelope): number {
  let n = 0;
  for (const e of body.entry)
    for (const c of e.changes) {
      const v = c.value as { messages?: unknown[]; statuses?: unknown[] } | undefined;
      n +=
        (Array.isArray(v?.messages) ? v.messages.length : 0) +
        (Array.isArray(v?.statuses) ? v.statuses.length : 0);
    }
  return n;
}

/** Meta's payloads are at most 3 MB (WHATSAPP.md §3.1). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export type ReceiveOutcome = { status: number; message: string };

/** Read at most `limit` bytes of the body; null when it is bigger. */
export async function readLimited(req: Request, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * POST /api/webhooks/whatsapp, apart from HTTP plumbing: verify, parse, store, then process.
 * Nothing is stored for a body that is refused (413/401/400).
 */
export async function receiveWebhook(db: Db, req: Request, appSecret: string): Promise<ReceiveOutcome> {
  const raw = await readLimited(req, MAX_BODY_BYTES);
  if (!raw) return { status: 413, message: "payload too large" };
  if (!verifySignature(raw, req.headers.get("x-hub-signature-256"), appSecret))
    return { status: 401, message: "bad signature" };
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch {
    return { status: 400, message: "body is not JSON" };
  }
  if (jsonDepth(json) > MAX_DEPTH) return { status: 400, message: "body is nested too deeply" };
  const parsed = envelopeSchema.safeParse(cleanForJsonb(json));
  if (!parsed.success) return { status: 400, message: "not a WhatsApp webhook body" };

  let id: string;
  try {
    id = await storeDelivery(db, parsed.data);
  } catch {
    // Not stored: a 5xx so that Meta delivers it again.
    return { status: 503, message: "could not store the delivery" };
  }
  // Stored: whatever happens now, the answer is 200; a failure (or a crash before a background
  // run finishes) is retried from the stored row by the delivery sweep.
  if (countUpdates(parsed.data) <= INLINE_UPDATES) await processDelivery(db, id, parsed.data);
  else void processDelivery(db, id, parsed.data);
  return { status: 200, message: "EVENT_RECEIVED" };
}
