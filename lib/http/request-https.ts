import type { IncomingMessage } from "node:http";

/**
 * Whether a request reached us over HTTPS: TLS on our own socket, or — only when TRUST_PROXY says
 * how many reverse proxies are in front — the protocol the outermost trusted proxy saw, from
 * X-Forwarded-Proto. Without TRUST_PROXY the header is the client's to forge and is ignored.
 */
export function cameOverHttps(
  req: Pick<IncomingMessage, "headers" | "socket">,
  trustedProxies: number,
): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  if (trustedProxies < 1) return false;
  const header = req.headers["x-forwarded-proto"];
  const hops = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  // Each proxy appends what it received; the entry `trustedProxies` from the right is the one
  // written by the first proxy we trust (anything left of it came from the client).
  const proto = hops[Math.max(0, hops.length - trustedProxies)];
  return proto === "https";
}
