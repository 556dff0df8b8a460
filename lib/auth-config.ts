import { CredentialsSignin } from "@auth/core/errors";
import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { storableText } from "./validation/storable-text";
import { getDb } from "../db/client";
import { verifyCredentials } from "./services/auth/verify-credentials";

class ThrottledSignin extends CredentialsSignin {
  code = "throttled";
}

const credentialsSchema = z.object({
  email: storableText().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

/**
 * Auth.js with email + password. The JWT carries only the member id and the session version it
 * was issued under: role, business, the active flag and the current version are read from the
 * database on every request (lib/session.ts) and socket handshake (lib/realtime/handshake.ts),
 * so bumping the version (sign out, password change, deactivation) ends the session everywhere.
 * AUTH_SECRET is set by server.ts from the config (generated into ./.data when unset).
 * Cookies are Auth.js's defaults: HttpOnly, SameSite=Lax, and Secure with the `__Secure-`/
 * `__Host-` prefixes when AUTH_URL (or the request) is HTTPS.
 */
export const authConfig = {
  trustHost: true,
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const ip = request.headers.get("x-switchboard-client-ip") ?? "unknown";
        const r = await verifyCredentials(getDb(), parsed.data.email, parsed.data.password, ip);
        if (!r.ok) {
          if (r.reason === "throttled") throw new ThrottledSignin();
          return null;
        }
        return {
          id: r.member.id,
          email: r.member.email,
          name: r.member.name,
          sessionVersion: r.member.sessionVersion,
        };
      },
    }),
  ],
  callbacks: {
    // Only a sign-in writes the claims: a client-triggered session update never changes them.
    jwt({ token, user }) {
      if (user?.id) {
        token.memberId = user.id;
        token.sessionVersion = (user as { sessionVersion?: number }).sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      const s = session as typeof session & { memberId?: string; sessionVersion?: number };
      if (typeof token.memberId === "string") s.memberId = token.memberId;
      if (typeof token.sessionVersion === "number") s.sessionVersion = token.sessionVersion;
      return s;
    },
  },
  logger: {
    // A wrong password is not a server error: keep it out of the logs.
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin")
        return;
      console.error(error);
    },
  },
} satisfies NextAuthConfig;
