/**
 * The customer files a browser may show inline (SPEC §4 and §8): JPEG and PNG images (and WebP,
 * which WhatsApp uses for stickers), AAC, MP3, M4A and OGG/Opus audio, MP4 and 3GPP video.
 * None of these can run script. Everything else — HTML, SVG, PDF, unknown types — is served as
 * a download, so that nothing a customer sends ever runs as a page of Switchboard.
 */
const INLINE_TYPES = new Set([
  "image/jpeg",
  "image/png",
  "image/webp",
  "audio/aac",
  "audio/mpeg",
  "audio/mp4",
  "audio/ogg",
  "video/mp4",
  "video/3gpp",
]);

/** `Audio/OGG; codecs=opus` → `audio/ogg`; anything unparsable → "". */
export function baseMimeType(mimeType: string | null | undefined): string {
  const base = (mimeType ?? "").split(";")[0].trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(base) ? base : "";
}

/** The type to serve inline under, or null when the file must download as an attachment. */
export function inlineMimeType(mimeType: string | null | undefined): string | null {
  const base = baseMimeType(mimeType);
  return INLINE_TYPES.has(base) ? base : null;
}
