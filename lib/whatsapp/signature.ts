import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * X-Hub-Signature-256 (WHATSAPP.md §2): HMAC-SHA256 of the raw body keyed with the app secret,
 * as `sha256=<hex>`. Checked over the raw bytes first; if that fails, over the body with every
 * non-ASCII UTF-16 code unit written as a lowercase `\uXXXX` escape, which is the form Meta's
 * Messenger docs say the signature is computed over.
 */
export function signBody(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Every non-ASCII UTF-16 code unit as `\uXXXX`, lowercase hex (surrogates stay two escapes). */
export function escapeNonAscii(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out += code > 0x7f ? `\\u${code.toString(16).padStart(4, "0")}` : text[i];
  }
  return out;
}

function digestMatches(expectedHex: string, data: string | Buffer, secret: string): boolean {
  const actual = createHmac("sha256", secret).update(data).digest();
  const expected = Buffer.from(expectedHex, "hex");
  // timingSafeEqual throws on unequal lengths; a wrong length is simply a mismatch.
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function verifySignature(raw: Buffer, header: string | null, secret: string): boolean {
  if (!header || !secret) return false;
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!m) return false;
  const hex = m[1].toLowerCase();
  if (digestMatches(hex, raw, secret)) return true;
  // The fallback only differs from the raw bytes when the body has non-ASCII characters.
  const text = raw.toString("utf8");
  if (!/[\u0080-\uffff]/.test(text)) return false;
  return digestMatches(hex, escapeNonAscii(text), secret);
}
