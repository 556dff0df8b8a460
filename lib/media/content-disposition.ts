/**
 * `Content-Disposition: attachment` with a name that is safe in the header and on disk: the
 * quoted `filename` is a plain-ASCII fallback (no quotes, backslashes, semicolons, percent signs
 * or control characters), and `filename*` (RFC 5987/6266) carries the real UTF-8 name.
 */
const MAX_NAME = 150;

/** The last path segment, with control characters and whitespace runs turned into one space. */
function cleanName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const flat = last.replace(/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
  // No hidden files or "..": a leading dot is dropped.
  return [...flat.replace(/^\.+/, "")].slice(0, MAX_NAME).join("");
}

function asciiFallback(name: string): string {
  return [...name].map((c) => (/^[\x20-\x7e]$/.test(c) && !/["\\;%]/.test(c) ? c : "_")).join("");
}

/** RFC 5987 `attr-char` percent-encoding: encodeURIComponent leaves `'()*` alone, 5987 does not. */
function encodeRfc5987(name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function attachmentDisposition(name: string | null | undefined, fallback: string): string {
  const clean = cleanName(name ?? "") || cleanName(fallback) || "file";
  return `attachment; filename="${asciiFallback(clean)}"; filename*=UTF-8''${encodeRfc5987(clean)}`;
}
