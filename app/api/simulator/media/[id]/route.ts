import { getDb } from "../../../../../db/client";
import { fileResponse, mediaErrorResponse } from "../../../../../lib/media/media-response";
import { simulatorCaller } from "../../../../../lib/whatsapp/simulator/access";
import { simulatorMedia } from "../../../../../lib/whatsapp/simulator/store";

export const dynamic = "force-dynamic";

/** The simulated phone shows the images its customer sent (only simulator uploads of the caller's business). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const caller = await simulatorCaller();
  if (caller instanceof Response) return caller;
  const { id } = await params;
  if (!/^sim[0-9a-f]{20}$/.test(id)) return mediaErrorResponse(404, "Not found");
  const m = await simulatorMedia(getDb(), id);
  if (!m || m.businessId !== caller.businessId) return mediaErrorResponse(404, "Not found");
  return fileResponse(
    { mimeType: m.mimeType, bytes: m.bytes, fallbackName: `simulator-${id}` },
    "private, max-age=3600",
  );
}
