import { z } from "zod";
import { simulatorOff } from "../../../../lib/whatsapp/simulator/guard";
import { isPhoneUnreachable, setPhoneUnreachable } from "../../../../lib/whatsapp/simulator/phones";

export const dynamic = "force-dynamic";

const waId = z.string().regex(/^\d{6,15}$/);

/** GET ?waId= → whether that simulated customer's phone is unreachable. */
export async function GET(req: Request): Promise<Response> {
  const off = simulatorOff();
  if (off) return off;
  const parsed = waId.safeParse(new URL(req.url).searchParams.get("waId"));
  if (!parsed.success) return Response.json({ ok: false }, { status: 400 });
  return Response.json({ ok: true, unreachable: isPhoneUnreachable(parsed.data) });
}

/**
 * POST { waId, unreachable } → switch the simulated phone off (or back on). While it is off, every
 * message the business sends to that customer fails with WhatsApp error 131026 (undeliverable).
 */
export async function POST(req: Request): Promise<Response> {
  const off = simulatorOff();
  if (off) return off;
  const parsed = z.object({ waId, unreachable: z.boolean() }).safeParse(await req.json().catch(() => null));
  if (!parsed.success) return Response.json({ ok: false }, { status: 400 });
  setPhoneUnreachable(parsed.data.waId, parsed.data.unreachable);
  return Response.json({ ok: true, unreachable: parsed.data.unreachable });
}
