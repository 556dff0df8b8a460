import { getDb } from "@/db/client";
import { onlineMembers } from "@/lib/services/dashboard/presence";
import { getDashboard } from "@/lib/services/dashboard/overview";
import { isUuid } from "@/lib/services/result";
import { requireMember } from "@/lib/session";
import { DashboardView } from "./dashboard-view";

export const dynamic = "force-dynamic";
export const metadata = { title: "Dashboard · Switchboard" };

/** Managers and above; the data loader re-checks the role against the database. */
export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<{ member?: string }>;
}) {
  const me = await requireMember("dashboard.view");
  const sp = await searchParams;
  const memberId = sp.member && isUuid(sp.member) ? sp.member : null;
  const presence = await onlineMembers(me.businessId);
  const data = await getDashboard(getDb(), {
    actorId: me.id,
    memberId,
    onlineMemberIds: presence.memberIds,
    awayMemberIds: presence.awayIds,
  });
  if (!data.ok) return <p className="p-6 text-sm text-red-700">{data.message}</p>;
  const { ok: _ok, ...rest } = data;
  return <DashboardView data={rest} filterMemberId={memberId} initialSeq={me.business.eventSeq} />;
}
