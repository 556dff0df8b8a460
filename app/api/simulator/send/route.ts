import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { storableText } from "../../../../lib/validation/storable-text";
import { getDb } from "../../../../db/client";
import { getConfig } from "../../../../lib/config";
import {
  numberNotFound,
  ownNumber,
  readJsonBody,
  simulatorCaller,
} from "../../../../lib/whatsapp/simulator/access";
import { selfWebhookPoster, unixNow, webhookEnvelope } from "../../../../lib/whatsapp/simulator/post-webhook";
import { storeSimulatorMedia } from "../../../../lib/whatsapp/simulator/store";

export const dynamic = "force-dynamic";

const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** A 5 MB image as base64 plus the small fields around it; anything bigger is refused unread. */
const MAX_BODY_BYTES = Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 64 * 1024;

const schema = z.object({
  phoneNumberId: z.string().regex(/^\d{1,20}$/),
  waId: z.string().regex(/^[1-9]\d{5,14}$/),
  name: storableText().trim().min(1).max(80),
  text: storableText().max(4096).optional(),
  image: z
    .object({
      base64: z.string().max(Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 4),
      mimeType: z.enum(["image/jpeg", "image/png", "image/webp"]),
      caption: storableText().max(1024).optional(),
    })
    .optional(),
  button: z
    .object({ contextWamid: z.string().min(1).max(512), text: storableText().min(1).max(64) })
    .optional(),
});

/**
 * The simulated customer writes: build the Cloud API webhook body and POST it, signed with the
 * app secret, to this server's own /api/webhooks/whatsapp — exactly the path Meta's would take.
 */
export async function POST(req: Request): Promise<Response> {
  const caller = await simulatorCaller();
  if (caller instanceof Response) return caller;
  const body = await readJsonBody(
    req,
    MAX_BODY_BYTES,
    schema,
    "Fill in the customer's name and number (digits with country code).",
  );
  if (body instanceof Response) return body;
  const input = body.data;
  const db = getDb();
  const number = await ownNumber(db, caller, input.phoneNumberId);
  if (!number) return numberNotFound();

  const wamid = `wamid.SIMIN${randomBytes(12).toString("hex")}`;
  let message: Record<string, unknown>;
  if (input.button) {
    // A quick-reply tap on a template: type `button`, always with the template's wamid as context.
    message = {
      type: "button",
      button: { payload: input.button.text, text: input.button.text },
      context: { from: number.displayNumber.replace(/\D/g, ""), id: input.button.contextWamid },
    };
  } else if (input.image) {
    const bytes = Buffer.from(input.image.base64, "base64");
    if (!bytes.length || bytes.length > MAX_IMAGE_BYTES)
      return Response.json({ ok: false, message: "Images can be up to 5 MB." }, { status: 400 });
    const mediaId = await storeSimulatorMedia(db, number.businessId, input.image.mimeType, bytes);
    const sha256 = createHash("sha256").update(bytes).digest("base64");
    message = {
      type: "image",
      image: {
        mime_type: input.image.mimeType,
        sha256,
        id: mediaId,
        ...(input.image.caption ? { caption: input.image.caption } : {}),
      },
    };
  } else if (input.text?.trim()) {
    message = { type: "text", text: { body: input.text } };
  } else {
    return Response.json({ ok: false, message: "Write a message first." }, { status: 400 });
  }

  const envelope = webhookEnvelope(number.phoneNumberId, number.displayNumber, {
    contacts: [{ profile: { name: input.name }, wa_id: input.waId }],
    messages: [{ from: input.waId, id: wamid, timestamp: unixNow(), ...message }],
  });
  const status = await selfWebhookPoster(getConfig())(envelope);
  if (status !== 200)
    return Response.json({ ok: false, message: `The webhook answered ${status}.` }, { status: 502 });
  return Response.json({ ok: true, wamid });
}
