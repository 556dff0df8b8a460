import { getDb } from "../../../../db/client";
import { getConfig } from "../../../../lib/config";
import { fileResponse, mediaErrorResponse } from "../../../../lib/media/media-response";
import { getCurrentMember } from "../../../../lib/session";
import { loadMedia } from "../../../../lib/whatsapp/media";

export const dynamic = "force-dynamic";

/**
 * GET /api/media/{media_id}: the file, for signed-in members of the business that received it.
 * Only the image/audio/video types of SPEC §4 are served inline; everything else downloads.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const me = await getCurrentMember();
  if (!me) return mediaErrorResponse(401, "Sign in first");
  const { id } = await params;
  const c = getConfig();
  const r = await loadMedia(getDb(), me.businessId, id, {
    simulator: c.simulator,
    graphUrl: c.whatsappGraphUrl,
    accessToken: c.whatsappAccessToken,
  });
  if (!r.ok) return mediaErrorResponse(r.status, r.message);
  return fileResponse(
    {
      mimeType: r.mimeType,
      bytes: r.bytes,
      filename: r.filename,
      fallbackName: `whatsapp-${r.messageType}-${id}`,
    },
    "private, max-age=86400",
  );
}
