import { attachmentDisposition } from "./content-disposition";
import { inlineMimeType } from "./inline-types";

/**
 * Every answer of a route that serves customer files (success or error) forbids scripts and
 * framing (`sandbox`), other sites embedding it, and MIME sniffing.
 */
export const MEDIA_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": "default-src 'none'; sandbox",
  "cross-origin-resource-policy": "same-origin",
  "x-content-type-options": "nosniff",
};

export interface ServedFile {
  mimeType: string;
  bytes: Buffer;
  /** the name the customer gave the file (documents), when known */
  filename?: string | null;
  /** used when there is no filename, e.g. `whatsapp-image-123` */
  fallbackName: string;
}

/** The file: inline only for the allowed image/audio/video types, otherwise as a download. */
export function fileResponse(file: ServedFile, cacheControl: string): Response {
  const inline = inlineMimeType(file.mimeType);
  const headers: Record<string, string> = {
    ...MEDIA_RESPONSE_HEADERS,
    "content-type": inline ?? "application/octet-stream",
    "content-length": String(file.bytes.length),
    "cache-control": cacheControl,
  };
  if (!inline) headers["content-disposition"] = attachmentDisposition(file.filename, file.fallbackName);
  return new Response(new Uint8Array(file.bytes), { headers });
}

export function mediaErrorResponse(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: {
      ...MEDIA_RESPONSE_HEADERS,
      "content-type": "text/plain; charset=utf-8",
      "cache-control": "no-store",
    },
  });
}
