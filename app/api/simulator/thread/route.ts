import { getDb } from "../../../../db/client";
import {
  badQuery,
  chatSchema,
  numberNotFound,
  ownNumber,
  simulatorCaller,
} from "../../../../lib/whatsapp/simulator/access";
import { simulatorThread } from "../../../../lib/whatsapp/simulator/store";

export const dynamic = "force-dynamic";

/** GET ?phoneNumberId=&waId= → the simulated customer's chat with one of the caller's business numbers. */
export async function GET(req: Request): Promise<Response> {
  const caller = await simulatorCaller();
  if (caller instanceof Response) return caller;
  const p = new URL(req.url).searchParams;
  const parsed = chatSchema.safeParse({ phoneNumberId: p.get("phoneNumberId"), waId: p.get("waId") });
  if (!parsed.success) return badQuery();
  const db = getDb();
  const number = await ownNumber(db, caller, parsed.data.phoneNumberId);
  if (!number) return numberNotFound();
  return Response.json({ messages: await simulatorThread(db, number.phoneNumberId, parsed.data.waId) });
}
