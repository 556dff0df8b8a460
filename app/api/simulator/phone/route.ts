import { z } from "zod";
import { getDb } from "../../../../db/client";
import {
  badQuery,
  chatSchema,
  numberNotFound,
  ownNumber,
  readJsonBody,
  SMALL_BODY_BYTES,
  simulatorCaller,
} from "../../../../lib/whatsapp/simulator/access";
import { isPhoneUnreachable, setPhoneUnreachable } from "../../../../lib/whatsapp/simulator/phones";

export const dynamic = "force-dynamic";

/** GET ?phoneNumberId=&waId= → whether that simulated customer's phone is unreachable. */
export async function GET(req: Request): Promise<Response> {
  const caller = await simulatorCaller();
  if (caller instanceof Response) return caller;
  const p = new URL(req.url).searchParams;
  const parsed = chatSchema.safeParse({ phoneNumberId: p.get("phoneNumberId"), waId: p.get("waId") });
  if (!parsed.success) return badQuery();
  if (!(await ownNumber(getDb(), caller, parsed.data.phoneNumberId))) return numberNotFound();
  return Response.json({
    ok: true,
    unreachable: isPhoneUnreachable(parsed.data.phoneNumberId, parsed.data.waId),
  });
}

/**
 * POST { phoneNumberId, waId, unreachable } → switch the simulated phone off (or back on). While
 * it is off, every message that business number sends to that customer fails with WhatsApp error
 * 131026 (undeliverable).
 */
export async function POST(req: Request): Promise<Response> {
  const caller = await simulatorCaller();
  if (caller instanceof Response) return caller;
  const body = await readJsonBody(req, SMALL_BODY_BYTES, chatSchema.extend({ unreachable: z.boolean() }));
  if (body instanceof Response) return body;
  const { phoneNumberId, waId, unreachable } = body.data;
  if (!(await ownNumber(getDb(), caller, phoneNumberId))) return numberNotFound();
  setPhoneUnreachable(phoneNumberId, waId, unreachable);
  return Response.json({ ok: true, unreachable });
}
