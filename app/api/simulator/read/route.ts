import { z } from "zod";
import { getDb } from "../../../../db/client";
import { getConfig } from "../../../../lib/config";
import { simulatorOff } from "../../../../lib/whatsapp/simulator/guard";
import { selfWebhookPoster, statusWebhook } from "../../../../lib/whatsapp/simulator/post-webhook";
import { isPhoneUnreachable } from "../../../../lib/whatsapp/simulator/phones";
import { findNumber, unreadOutbound } from "../../../../lib/whatsapp/simulator/store";

export const dynamic = "force-dynamic";

/** The simulated customer has the chat open: report `read` for the business's messages, by webhook. */
export async function POST(req: Request): Promise<Response> {
  const off = simulatorOff();
  if (off) return off;
  const parsed = z
    .object({ phoneNumberId: z.string().regex(/^\d{1,20}$/), waId: z.string().regex(/^\d{6,15}$/) })
    .safeParse(await req.json().catch(() => null));
  if (!parsed.success) return Response.json({ ok: false }, { status: 400 });
  // An unreachable phone has received nothing, so it reads nothing either.
  if (isPhoneUnreachable(parsed.data.waId)) return Response.json({ ok: true, read: 0 });
  const db = getDb();
  const number = await findNumber(db, parsed.data.phoneNumberId);
  if (!number) return Response.json({ ok: false }, { status: 404 });
  const wamids = await unreadOutbound(db, number.phoneNumberId, parsed.data.waId);
  if (!wamids.length) return Response.json({ ok: true, read: 0 });
  const body = statusWebhook(
    number.phoneNumberId,
    number.displayNumber,
    wamids.map((wamid) => ({ wamid, status: "read", recipient: parsed.data.waId })),
  );
  const status = await selfWebhookPoster(getConfig())(body);
  return Response.json({ ok: status === 200, read: wamids.length });
}
