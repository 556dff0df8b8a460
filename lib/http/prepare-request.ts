import type { IncomingMessage, ServerResponse } from "node:http";
import { clientAddress } from "./client-address";
import { cameOverHttps } from "./request-https";
import { siteHeaders } from "./site-headers";

/** Headers a client could forge to pass for a proxy; believed only when TRUST_PROXY says so. */
const FORWARDED_HEADERS = ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "forwarded"];

/**
 * What every request gets before Next.js sees it, decided here where the socket is known:
 * - the client address for sign-in throttling (TRUST_PROXY), in a header a client cannot set
 *   (it is overwritten on every request);
 * - whether it came over HTTPS (proxy.ts reads the flag for the page CSP);
 * - with no trusted proxy, the X-Forwarded-* headers are dropped, so neither Next.js nor Auth.js
 *   acts on a protocol or host the client made up (a forged `https` sent its own sign-in
 *   redirect to a URL that does not answer);
 * - the site-wide security headers (lib/http/site-headers.ts).
 */
export function prepareRequest(req: IncomingMessage, res: ServerResponse, trustProxy: number): void {
  req.headers["x-switchboard-client-ip"] = clientAddress({
    remoteAddress: req.socket.remoteAddress,
    forwardedFor: req.headers["x-forwarded-for"],
    trustProxy,
  });
  const https = cameOverHttps(req, trustProxy);
  req.headers["x-switchboard-https"] = https ? "1" : "0";
  if (trustProxy === 0) for (const h of FORWARDED_HEADERS) delete req.headers[h];
  for (const [name, value] of Object.entries(siteHeaders({ https }))) res.setHeader(name, value);
}
