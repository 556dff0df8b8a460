import { getDb } from "@/db/client";
import { badRequest, pageLimit } from "@/lib/http/query";
import { decodeCursor } from "@/lib/queries/inbox/cursor";
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
  const limit = pageLimit(MAX_PAGE).safeParse(url.searchParams.get("limit") ?? undefined);
  if (!limit.success) return badRequest("invalid_limit", limit.error.issues[0]?.message);
  // A cursor is only ever one this server made: anything else is refused, not read as "the top".
  const cursor = url.searchParams.get("cursor");
  if (cursor !== null && cursor !== "" && !decodeCursor(cursor)) return badRequest("invalid_cursor");
  const page = await listConversations(getDb(), {
    businessId: me.businessId,
    memberId: me.id,
    tab,
    mine: url.searchParams.get("mine") === "1",
    cursor,
    limit: limit.data,
  });
  return Response.json(page, { headers: { "cache-control": "no-store" } });
}
