import { getDb } from "@/db/client";
import { getConfig } from "@/lib/config";
import { getConversationRow } from "@/lib/queries/inbox/list";
import { getThread } from "@/lib/queries/inbox/thread";
import { isUuid } from "@/lib/services/result";
import { getCurrentMember } from "@/lib/session";

export const dynamic = "force-dynamic";

/**
 * The thread of one conversation of the member's business (`?row=1`: only its list row);
 * any other id is 404, exactly like one that does not exist.
 */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const me = await getCurrentMember();
  if (!me) return Response.json({ error: "signed_out" }, { status: 401 });
  const { id } = await ctx.params;
  if (!isUuid(id)) return Response.json({ error: "not_found" }, { status: 404 });
  const input = { businessId: me.businessId, memberId: me.id, conversationId: id };
  const body =
    new URL(req.url).searchParams.get("row") === "1"
      ? await getConversationRow(getDb(), input)
      : await getThread(getDb(), { ...input, defaultAutoCloseMinutes: getConfig().autoCloseAfterMinutes });
  if (!body) return Response.json({ error: "not_found" }, { status: 404 });
  return Response.json(body, { headers: { "cache-control": "no-store" } });
}
