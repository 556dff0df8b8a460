import { getDb } from "../../../../../db/client";
import { simulatorCaller } from "../../../../../lib/whatsapp/simulator/access";
import { simulatorMedia } from "../../../../../lib/whatsapp/simulator/store";

export const dynamic = "force-dynamic";

const notFound = () => Response.json({ ok: false, message: "Not found." }, { status: 404 });

/** The simulated phone shows the images its customer sent (only simulator uploads of the caller's business). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const caller = await simulatorCaller();
  if (caller instanceof Response) return caller;
  const { id } = await params;
  if (!/^sim[0-9a-f]{20}$/.test(id)) return notFound();
  const m = await simulatorMedia(getDb(), id);
  if (!m || m.businessId !== caller.businessId) return notFound();
  return new Response(new Uint8Array(Buffer.from(m.bytes, "base64")), {
    headers: { "content-type": m.mimeType, "cache-control": "private, max-age=3600" },
  });
}
