import { getDb } from "@/db/client";
import { getCounts } from "@/lib/queries/inbox/counts";
import { getCurrentMember } from "@/lib/session";

export const dynamic = "force-dynamic";

/** The member's business's tab counts and its latest event sequence number. */
export async function GET() {
  const me = await getCurrentMember();
  if (!me) return Response.json({ error: "signed_out" }, { status: 401 });
  return Response.json(await getCounts(getDb(), me.businessId), { headers: { "cache-control": "no-store" } });
}
