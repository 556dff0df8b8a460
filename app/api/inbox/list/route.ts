import { getDb } from "@/db/client";
import { listConversations, MAX_PAGE } from "@/lib/queries/inbox/list";
import { isTab } from "@/lib/queries/inbox/types";
import { getCurrentMember } from "@/lib/session";

export const dynamic = "force-dynamic";

/** One page of a tab for the signed-in member: `?tab=open|assigned|closed&mine=1&cursor=…&limit=…` */
export async function GET(req: Request) {
  const me = await getCurrentMember();
  if (!me) return Response.json({ error: "signed_out" }, { status: 401 });
  const url = new URL(req.url);
  const tab = url.searchParams.get("tab");
  if (!isTab(tab)) return Response.json({ error: "bad tab" }, { status: 400 });
  const limit = Number(url.searchParams.get("limit") ?? "") || undefined;
  const page = await listConversations(getDb(), {
    businessId: me.businessId,
    memberId: me.id,
    tab,
    mine: url.searchParams.get("mine") === "1",
    cursor: url.searchParams.get("cursor"),
    limit: limit ? Math.min(limit, MAX_PAGE) : undefined,
  });
  return Response.json(page, { headers: { "cache-control": "no-store" } });
}
