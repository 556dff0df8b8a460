/**
 * Headers on every answer of the app (set by server.ts before Next.js handles the request).
 * The page CSP is per request (a nonce), so proxy.ts adds it; media routes add their own,
 * stricter one.
 */
export const HSTS = "max-age=31536000; includeSubDomains";

export function siteHeaders(opts: { https: boolean }): Record<string, string> {
  return {
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "x-content-type-options": "nosniff",
    // For browsers without CSP frame-ancestors.
    "x-frame-options": "DENY",
    // Only over HTTPS: sent over plain HTTP it would be ignored, or lock a local install out.
    ...(opts.https ? { "strict-transport-security": HSTS } : {}),
  };
}
