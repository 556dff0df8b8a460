import { getDb } from "@/db/client";
import { exportClosedCsv } from "@/lib/services/review/export";
import { parseReviewFilters } from "@/lib/services/review/filters";
import { getCurrentMember } from "@/lib/session";

export const dynamic = "force-dynamic";

/** The filtered closed list as CSV, streamed page by page (never built in memory). */
export async function GET(req: Request) {
  const me = await getCurrentMember();
  if (!me) return new Response("Sign in first.", { status: 401 });
  const filters = parseReviewFilters(new URL(req.url).searchParams);
  const r = await exportClosedCsv(getDb(), { actorId: me.id, filters });
  if (!r.ok)
    return new Response(r.message, {
      status: r.code === "forbidden" ? 403 : r.code === "not_found" ? 404 : 401,
    });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(r.stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="closed-conversations-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
