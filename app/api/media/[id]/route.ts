import { getDb } from "../../../../db/client";
import { getConfig } from "../../../../lib/config";
import { getCurrentMember } from "../../../../lib/session";
import { loadMedia } from "../../../../lib/whatsapp/media";

export const dynamic = "force-dynamic";

/** GET /api/media/{media_id}: the file, for signed-in members of the business that received it. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const me = await getCurrentMember();
  if (!me) return new Response("Sign in first", { status: 401 });
  const { id } = await params;
  const c = getConfig();
  const r = await loadMedia(getDb(), me.businessId, id, {
    simulator: c.simulator,
    graphUrl: c.whatsappGraphUrl,
    accessToken: c.whatsappAccessToken,
  });
  if (!r.ok) return new Response(r.message, { status: r.status });
  return new Response(new Uint8Array(r.bytes), {
    headers: {
      "content-type": r.mimeType,
      "cache-control": "private, max-age=86400",
      "x-content-type-options": "nosniff",
    },
  });
}
