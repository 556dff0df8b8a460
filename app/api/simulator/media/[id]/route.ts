import { getDb } from "../../../../../db/client";
import { simulatorOff } from "../../../../../lib/whatsapp/simulator/guard";
import { simulatorMedia } from "../../../../../lib/whatsapp/simulator/store";

export const dynamic = "force-dynamic";

/** The simulated phone shows the images its customer sent (only simulator uploads). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const off = simulatorOff();
  if (off) return off;
  const { id } = await params;
  if (!/^sim[0-9a-f]{20}$/.test(id)) return new Response("Not found", { status: 404 });
  const m = await simulatorMedia(getDb(), id);
  if (!m) return new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(Buffer.from(m.bytes, "base64")), {
    headers: { "content-type": m.mimeType, "cache-control": "private, max-age=3600" },
  });
}
