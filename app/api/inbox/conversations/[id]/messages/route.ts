import { getDb } from "@/db/client";
import { getThreadPage } from "@/lib/queries/inbox/thread";
import { isUuid } from "@/lib/services/result";
import { getCurrentMember } from "@/lib/session";

export const dynamic = "force-dynamic";

/**
 * `?before=<olderCursor>`: the page of older messages of one conversation of the member's
 * business, with the timeline events of the same stretch; any other conversation id is 404,
 * exactly like one that does not exist.
 */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const me = await getCurrentMember();
  if (!me) return Response.json({ error: "signed_out" }, { status: 401 });
  const { id } = await ctx.params;
  if (!isUuid(id)) return Response.json({ error: "not_found" }, { status: 404 });
  const before = new URL(req.url).searchParams.get("before");
  if (!before || !isUuid(before)) return Response.json({ error: "invalid_cursor" }, { status: 400 });
  const page = await getThreadPage(getDb(), { businessId: me.businessId, conversationId: id, before });
  if (!page) return Response.json({ error: "not_found" }, { status: 404 });
  return Response.json(page, { headers: { "cache-control": "no-store" } });
}
