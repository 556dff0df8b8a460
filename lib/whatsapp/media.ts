import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { mediaCache } from "../../db/schema";
import { readCapped } from "../media/capped-download";
import { fetchRetryingReset } from "../media/fetch-retrying-reset";
import { mediaByteCap } from "../media/size-caps";
import { logger } from "../logger";
import { mediaOwnerQuery } from "./media-owner";

/**
 * Inbound media (WHATSAPP.md §7): look the id up (GET {graph}/{media_id}), then download the
 * short-lived URL with the same Bearer token, and keep the bytes in media_cache, since media ids
 * expire after 7 days. Only media that arrived in a message of the asking business is served.
 */
export type MediaResult =
  | { ok: true; mimeType: string; bytes: Buffer; messageType: string; filename: string | null }
  | { ok: false; status: number; message: string };

export interface MediaSource {
  simulator: boolean;
  graphUrl: string;
  accessToken?: string;
  fetch?: typeof fetch;
}

// One load per (business, media id) at a time in this process: concurrent requests for a file
// not yet cached share one download. Other instances may download the same file at the same
// moment; the cache insert tolerates that (ON CONFLICT DO NOTHING). On globalThis because Next
// evaluates this module in more than one module graph.
const g = globalThis as unknown as { __switchboardMediaLoads?: Map<string, Promise<MediaResult>> };
g.__switchboardMediaLoads ??= new Map();
const inFlight = g.__switchboardMediaLoads;

export function loadMedia(
  db: Db,
  businessId: string,
  mediaId: string,
  src: MediaSource,
): Promise<MediaResult> {
  const key = `${businessId}/${mediaId}`;
  const running = inFlight.get(key);
  if (running) return running;
  const load = loadOnce(db, businessId, mediaId, src).finally(() => inFlight.delete(key));
  inFlight.set(key, load);
  return load;
}

async function loadOnce(db: Db, businessId: string, mediaId: string, src: MediaSource): Promise<MediaResult> {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(mediaId)) return { ok: false, status: 404, message: "Not found" };
  const [owner] = await mediaOwnerQuery(db, businessId, mediaId);
  if (!owner) return { ok: false, status: 404, message: "Not found" };
  const found = { messageType: owner.messageType, filename: owner.filename };

  const [cached] = await db
    .select({ mimeType: mediaCache.mimeType, bytes: mediaCache.bytes })
    .from(mediaCache)
    .where(and(eq(mediaCache.mediaId, mediaId), eq(mediaCache.businessId, businessId)));
  if (cached) {
    await markUsed(db, mediaId);
    return { ok: true, ...cached, ...found };
  }
  // The simulator's uploads live only in the cache; there is no Graph API to ask.
  if (src.simulator || !src.accessToken)
    return { ok: false, status: 404, message: "This media is no longer available" };

  const f = src.fetch ?? fetch;
  const auth = { authorization: `Bearer ${src.accessToken}` };
  try {
    const meta = await fetchRetryingReset(
      f,
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
    const abort = new AbortController();
    const file = await fetchRetryingReset(f, info.url, {
      headers: auth,
      signal: AbortSignal.any([abort.signal, AbortSignal.timeout(60_000)]),
    });
    if (!file.ok) return { ok: false, status: 502, message: `Download failed (HTTP ${file.status})` };
    const body = await readCapped(file, mediaByteCap(owner.messageType), abort);
    if (!body.ok) return { ok: false, status: 502, message: body.message };
    const mimeType = file.headers.get("content-type") ?? info.mime_type ?? "application/octet-stream";
    await db
      .insert(mediaCache)
      .values({ mediaId, businessId, mimeType, bytes: body.bytes })
      .onConflictDoNothing();
    return { ok: true, mimeType, bytes: body.bytes, ...found };
  } catch (err) {
    logger.warn({ err, mediaId }, "media download failed");
    return { ok: false, status: 502, message: "Could not reach WhatsApp" };
  }
}

/** Keep a file that is still being looked at (retention counts from here); at most one write a day. */
async function markUsed(db: Db, mediaId: string): Promise<void> {
  try {
    await db
      .update(mediaCache)
      .set({ usedAt: sql`now()` })
      .where(and(eq(mediaCache.mediaId, mediaId), lt(mediaCache.usedAt, sql`now() - interval '1 day'`)));
  } catch (err) {
    logger.warn({ err, mediaId }, "could not refresh media_cache.used_at");
  }
}
