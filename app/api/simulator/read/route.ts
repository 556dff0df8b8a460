import { getDb } from "../../../../db/client";
import { getConfig } from "../../../../lib/config";
import {
  chatSchema,
  numberNotFound,
  ownNumber,
  readJsonBody,
  SMALL_BODY_BYTES,
  simulatorCaller,
} from "../../../../lib/whatsapp/simulator/access";
import { isPhoneUnreachable } from "../../../../lib/whatsapp/simulator/phones";
import { selfWebhookPoster, statusWebhook } from "../../../../lib/whatsapp/simulator/post-webhook";
import { unreadOutbound } from "../../../../lib/whatsapp/simulator/store";

export const dynamic = "force-dynamic";

/** The simulated customer has the chat open: report `read` for the business's messages, by webhook. */
export async function POST(req: Request): Promise<Response> {
  const caller = await simulatorCaller();
  if (caller instanceof Response) return caller;
  const body = await readJsonBody(req, SMALL_BODY_BYTES, chatSchema);
  if (body instanceof Response) return body;
  const { phoneNumberId, waId } = body.data;
  const db = getDb();
  const number = await ownNumber(db, caller, phoneNumberId);
  if (!number) return numberNotFound();
  // An unreachable phone has received nothing, so it reads nothing either.
  if (isPhoneUnreachable(phoneNumberId, waId)) return Response.json({ ok: true, read: 0 });
  const wamids = await unreadOutbound(db, number.phoneNumberId, waId);
  if (!wamids.length) return Response.json({ ok: true, read: 0 });
  const receipts = statusWebhook(
    number.phoneNumberId,
    number.displayNumber,
    wamids.map((wamid) => ({ wamid, status: "read", recipient: waId })),
  );
  const status = await selfWebhookPoster(getConfig())(receipts);
  return Response.json({ ok: status === 200, read: wamids.length });
}
