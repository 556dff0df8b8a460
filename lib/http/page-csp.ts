/**
 * The Content-Security-Policy of every page (SPEC §8): scripts only from this origin and only
 * those carrying this request's nonce (Next.js puts it on its own scripts when it finds it in the
 * request's CSP header), and what they load (`strict-dynamic`); never `unsafe-eval` outside
 * development, where React's dev tooling needs it. `connect-src 'self'` covers Socket.IO's
 * polling and its websocket to the same origin (CSP Level 3 matches ws:/wss: of the page's host).
 * Style attributes stay allowed (React renders a few widths that way); style elements need the nonce.
 */
export function pageContentSecurityPolicy(opts: { nonce: string; dev: boolean; https: boolean }): string {
  const { nonce, dev } = opts;
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "media-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (opts.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** A fresh, unguessable nonce for one response. */
export function newNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}
