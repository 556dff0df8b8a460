import { getDb } from "@/db/client";
import { can } from "@/lib/domain/roles";
import { listAssignableMembers } from "@/lib/queries/inbox/members";
import { getCurrentMember } from "@/lib/session";

export const dynamic = "force-dynamic";

/** Active members and their current load, for the Assign / Reassign picker (managers and above). */
export async function GET() {
  const me = await getCurrentMember();
  if (!me) return Response.json({ error: "signed_out" }, { status: 401 });
  if (!can(me.role, "conversation.manage_any")) return Response.json({ error: "forbidden" }, { status: 403 });
  return Response.json(
    { members: await listAssignableMembers(getDb(), me.businessId) },
    { headers: { "cache-control": "no-store" } },
  );
}
