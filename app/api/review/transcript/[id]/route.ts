import { getDb } from "@/db/client";
import { exportTranscriptCsv } from "@/lib/services/review/export";
import { getCurrentMember } from "@/lib/session";

export const dynamic = "force-dynamic";

/** One conversation's transcript and timeline as CSV, streamed. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const me = await getCurrentMember();
  if (!me) return new Response("Sign in first.", { status: 401 });
  const { id } = await params;
  const r = await exportTranscriptCsv(getDb(), { actorId: me.id, conversationId: id });
  if (!r.ok)
    return new Response(r.message, {
      status: r.code === "forbidden" ? 403 : r.code === "not_found" ? 404 : 401,
    });
  return new Response(r.stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="transcript-${r.conversationId}.csv"`,
      "cache-control": "no-store",
    },
  });
}
