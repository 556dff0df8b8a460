import { encode } from "@auth/core/jwt";
import type { Member } from "../../../db/schema";

/**
 * The request a route handler or server action runs in, as Next gives it to `next/headers`:
 * the matrix mocks only that module, so `auth()` (Auth.js), `lib/session` and `memberForSession`
 * all run for real and decide from the session cookie and the database.
 */
export const AUTH_SECRET = "permission-matrix-auth-secret-0123456789";
const COOKIE = "authjs.session-token";

export const requestContext: {
  cookie: string;
  /** the client address the proxy names; sign-in throttling counts failures per address */
  ip: string;
  /** cookies the call set on its answer (a sign-in's new session, a sign-out's empty one) */
  setCookies: { name: string; value: string }[];
} = { cookie: "", ip: "203.0.113.1", setCookies: [] };

export function requestHeaders(): Headers {
  // Next always sets the forwarded protocol; without it Auth.js would expect the __Secure- cookie.
  return new Headers({
    cookie: requestContext.cookie,
    host: "localhost:3000",
    "x-forwarded-proto": "http",
    "x-switchboard-client-ip": requestContext.ip,
  });
}

export const SESSION_COOKIE = COOKIE;

/**
 * Send the cookie of a real Auth.js session for `member`, issued under `sessionVersion` (by
 * default their current one), as a sign-in would have set it.
 */
export async function signInAs(member: Member, sessionVersion = member.sessionVersion): Promise<void> {
  const token = await encode({
    token: { memberId: member.id, sessionVersion, sub: member.id },
    secret: AUTH_SECRET,
    salt: COOKIE,
  });
  requestContext.cookie = `${COOKIE}=${token}`;
}

export function signOut(): void {
  requestContext.cookie = "";
}
