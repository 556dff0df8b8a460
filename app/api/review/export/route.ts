import { getDb } from "@/db/client";
import { exportClosedCsv } from "@/lib/services/review/export";
import { invalidReviewFilters, parseReviewFilters } from "@/lib/services/review/filters";
import { getCurrentMember } from "@/lib/session";

export const dynamic = "force-dynamic";

/** The filtered closed list as CSV, streamed page by page (never built in memory). */
export async function GET(req: Request) {
  const me = await getCurrentMember();
  if (!me) return new Response("Sign in first.", { status: 401 });
  const params = new URL(req.url).searchParams;
  const invalid = invalidReviewFilters(params);
  if (invalid.length)
    return new Response(
      `Invalid filter: ${invalid.join(", ")}. Dates are YYYY-MM-DD; ids are as the page lists them.`,
      {
        status: 400,
        headers: { "content-type": "text/plain; charset=utf-8" },
      },
    );
  const filters = parseReviewFilters(params);
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
