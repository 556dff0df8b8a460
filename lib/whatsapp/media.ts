import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { mediaCache, messages, wabaNumbers } from "../../db/schema";

/**
 * Inbound media (WHATSAPP.md §7): look the id up (GET {graph}/{media_id}), then download the
 * short-lived URL with the same Bearer token, and keep the bytes in media_cache, since media ids
 * expire after 7 days. Only media that arrived in a message of the asking business is served.
 */
export type MediaResult =
  | { ok: true; mimeType: string; bytes: Buffer }
  | { ok: false; status: number; message: string };

export interface MediaSource {
  simulator: boolean;
  graphUrl: string;
  accessToken?: string;
  fetch?: typeof fetch;
}

const MAX_MEDIA_BYTES = 100 * 1024 * 1024;

export async function loadMedia(
  db: Db,
  businessId: string,
  mediaId: string,
  src: MediaSource,
): Promise<MediaResult> {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(mediaId)) return { ok: false, status: 404, message: "Not found" };
  const [owner] = await db
    .select({ phoneNumberId: wabaNumbers.phoneNumberId })
    .from(messages)
    .innerJoin(wabaNumbers, eq(wabaNumbers.id, messages.numberId))
    .where(
      and(
        eq(messages.businessId, businessId),
        sql`${messages.payload} -> ${messages.type} ->> 'id' = ${mediaId}`,
      ),
    )
    .limit(1);
  if (!owner) return { ok: false, status: 404, message: "Not found" };

  const [cached] = await db
    .select()
    .from(mediaCache)
    .where(and(eq(mediaCache.mediaId, mediaId), eq(mediaCache.businessId, businessId)));
  if (cached) return { ok: true, mimeType: cached.mimeType, bytes: Buffer.from(cached.bytes, "base64") };
  // The simulator's uploads live only in the cache; there is no Graph API to ask.
  if (src.simulator || !src.accessToken)
    return { ok: false, status: 404, message: "This media is no longer available" };

  const f = src.fetch ?? fetch;
  const auth = { authorization: `Bearer ${src.accessToken}` };
  try {
    const meta = await f(
      `${src.graphUrl}/${encodeURIComponent(mediaId)}?phone_number_id=${encodeURIComponent(owner.phoneNumberId)}`,
      { headers: auth, signal: AbortSignal.timeout(15_000) },
    );
    if (!meta.ok)
      return {
        ok: false,
        status: meta.status === 404 ? 404 : 502,
        message: "WhatsApp could not find this media (ids expire after 7 days)",
      };
    const info = (await meta.json()) as { url?: string; mime_type?: string };
    if (!info.url) return { ok: false, status: 502, message: "WhatsApp gave no download URL" };
    const file = await f(info.url, { headers: auth, signal: AbortSignal.timeout(60_000) });
    if (!file.ok) return { ok: false, status: 502, message: `Download failed (HTTP ${file.status})` };
    const bytes = Buffer.from(await file.arrayBuffer());
    if (bytes.length > MAX_MEDIA_BYTES) return { ok: false, status: 502, message: "Media too large" };
    const mimeType = file.headers.get("content-type") ?? info.mime_type ?? "application/octet-stream";
    await db
      .insert(mediaCache)
      .values({ mediaId, businessId, mimeType, bytes: bytes.toString("base64") })
      .onConflictDoNothing();
    return { ok: true, mimeType, bytes };
  } catch {
    return { ok: false, status: 502, message: "Could not reach WhatsApp" };
  }
}
