import { getDb } from "../../../../db/client";
import { simulatorOff } from "../../../../lib/whatsapp/simulator/guard";
import { simulatorThread } from "../../../../lib/whatsapp/simulator/store";

export const dynamic = "force-dynamic";

/** GET ?phoneNumberId=&waId= → the simulated customer's chat with that business number. */
export async function GET(req: Request): Promise<Response> {
  const off = simulatorOff();
  if (off) return off;
  const p = new URL(req.url).searchParams;
  const phoneNumberId = p.get("phoneNumberId") ?? "";
  const waId = p.get("waId") ?? "";
  if (!/^\d{1,20}$/.test(phoneNumberId) || !/^\d{6,15}$/.test(waId)) return Response.json({ messages: [] });
  return Response.json({ messages: await simulatorThread(getDb(), phoneNumberId, waId) });
}
