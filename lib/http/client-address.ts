import { isIP } from "node:net";

export interface ClientAddressInput {
  /** the TCP peer, i.e. the nearest proxy when there is one */
  remoteAddress: string | undefined;
  /** the raw X-Forwarded-For header(s) */
  forwardedFor: string | string[] | undefined;
  /** TRUST_PROXY: how many proxies in front of the app append to X-Forwarded-For */
  trustProxy: number;
}

const plain = (a: string) => (a.startsWith("::ffff:") && isIP(a.slice(7)) === 4 ? a.slice(7) : a);

/**
 * The client's address, as sign-in throttling keys on it (SPEC §8). With no trusted proxy it is
 * the socket's peer. With N trusted proxies it is the Nth entry from the right of
 * X-Forwarded-For: each proxy appends the address it received from, so the entries to the left
 * of the ones our own proxies wrote were written by the client and cannot be trusted.
 */
export function clientAddress({ remoteAddress, forwardedFor, trustProxy }: ClientAddressInput): string {
  const peer = remoteAddress ? plain(remoteAddress) : "unknown";
  if (trustProxy <= 0 || !forwardedFor) return peer;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return peer;
  const picked = entries[Math.max(0, entries.length - trustProxy)];
  return isIP(picked) ? plain(picked) : peer;
}
