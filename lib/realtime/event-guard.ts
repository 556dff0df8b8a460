import type { IncomingMessage } from "node:http";
import type { Socket } from "socket.io";

/**
 * What every client event passes before its handler runs (SPEC §8: bad input on a socket is
 * refused without harm). A client may only send the events Switchboard knows, small payloads,
 * and at a human pace; anything else is dropped — answered with an error ack when the client
 * asked for one — and a socket that keeps flooding is disconnected.
 */
export type EventAck = { ok: true } | { ok: false; error: string };

export const KNOWN_CLIENT_EVENTS = new Set(["conversation.view", "conversation.typing", "presence.away"]);

/** No client event needs more than this much JSON (a uuid and a flag). */
export const MAX_EVENT_JSON = 1024;

/** The engine refuses (and closes) frames bigger than this, long before JSON parsing. */
export const MAX_FRAME_BYTES = 16 * 1024;

export interface GuardLimits {
  /** burst of events a socket may send at once */
  burst: number;
  /** sustained events per second */
  perSecond: number;
  /** dropped events within `abuseWindowMs` after which the socket is disconnected */
  abuseDrops: number;
  abuseWindowMs: number;
}

// A person switching conversations and typing sends a few events a second at most.
export const DEFAULT_LIMITS: GuardLimits = {
  burst: 30,
  perSecond: 10,
  abuseDrops: 100,
  abuseWindowMs: 10_000,
};

/** A token bucket: `capacity` tokens, refilled continuously at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.last = now();
  }
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

function jsonSize(args: unknown[]): number {
  try {
    return JSON.stringify(args)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

export function guardSocketEvents(socket: Socket, limits: GuardLimits = DEFAULT_LIMITS, now = Date.now) {
  const bucket = new TokenBucket(limits.burst, limits.perSecond, now);
  let windowStart = now();
  let drops = 0;
  const refuse = (ack: unknown, error: string) => {
    if (typeof ack === "function") ack({ ok: false, error } satisfies EventAck);
  };
  socket.use((packet, next) => {
    const [event, ...rest] = packet as unknown[];
    const ack = typeof rest[rest.length - 1] === "function" ? rest.pop() : undefined;
    if (!bucket.take()) {
      const t = now();
      if (t - windowStart > limits.abuseWindowMs) {
        windowStart = t;
        drops = 0;
      }
      if (++drops >= limits.abuseDrops) socket.disconnect(true);
      return refuse(ack, "rate_limited");
    }
    if (typeof event !== "string" || !KNOWN_CLIENT_EVENTS.has(event)) return refuse(ack, "unknown_event");
    if (jsonSize(rest) > MAX_EVENT_JSON) return refuse(ack, "too_large");
    // Never next(err): an "error" event without a listener would throw.
    next();
  });
}

/**
 * Socket.IO's allowRequest: a browser always sends Origin on a cross-site request, so one from
 * another site (a page trying to ride the member's cookie) is refused here. Accepted: an Origin
 * whose host is the request's own Host, or the origin of AUTH_URL (behind a proxy that rewrites
 * Host). A request without Origin is a same-origin browser poll or a non-browser client (another
 * service, a test): it is let through the transport, and the handshake still refuses it unless it
 * carries a valid session of an active member — so no Origin never means no sign-in.
 */
export function originAllowed(req: IncomingMessage, authUrl?: string): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false;
  }
  if (o.protocol !== "http:" && o.protocol !== "https:") return false;
  if (req.headers.host && o.host === req.headers.host) return true;
  if (authUrl) {
    try {
      return new URL(authUrl).origin === o.origin;
    } catch {
      return false;
    }
  }
  return false;
}
