import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { getToken } from "next-auth/jwt";
import { getDb } from "../../db/client";
import { memberForSession, type SessionClaims, type SessionMember } from "../services/auth/session-member";

const COOKIE = "authjs.session-token";

/**
 * Whether the session cookie is the `__Secure-` one, by Auth.js's own rule: the scheme of
 * AUTH_URL when it is set, otherwise the request's (X-Forwarded-Proto, else the connection).
 * Pages and sockets must agree, or a socket would look for a cookie the browser never got.
 */
export function usesSecureCookie(
  headers: IncomingMessage["headers"],
  encrypted: boolean,
  authUrl = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL,
): boolean {
  if (authUrl) {
    try {
      return new URL(authUrl).protocol === "https:";
    } catch {
      // An unparsable AUTH_URL is refused by the config at start; fall through to the request.
    }
  }
  const forwarded = headers["x-forwarded-proto"];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0].trim();
  if (proto) return proto.replace(/:$/, "") === "https";
  return encrypted;
}

/**
 * The member a socket handshake is signed in as, or null when it carries no good session (no
 * cookie, a forged or expired one, an old session version, a deactivated member). A database
 * failure is thrown, not turned into null: "cannot tell right now" is not "signed out".
 */
export async function memberFromHandshake(
  req: IncomingMessage,
  secret: string,
): Promise<SessionMember | null> {
  const secure = usesSecureCookie(req.headers, Boolean((req.socket as TLSSocket | undefined)?.encrypted));
  const name = secure ? `__Secure-${COOKIE}` : COOKIE;
  const token = await getToken({
    req: { headers: req.headers as Record<string, string> },
    secret,
    secureCookie: secure,
    cookieName: name,
    salt: name,
  });
  if (!token) return null;
  return memberForSession(getDb(), token as SessionClaims);
}
