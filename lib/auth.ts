import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "../db/client";
import { verifyCredentials } from "./services/auth/verify-credentials";

class ThrottledSignin extends CredentialsSignin {
  code = "throttled";
}

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

/**
 * Auth.js with email + password. The JWT carries only the member id: role, business and the
 * active flag are read from the database on every request (lib/session.ts).
 * AUTH_SECRET is set by server.ts from the config (generated into ./.data when unset).
 */
export const { handlers, auth, signIn, signOut } = NextAuth({
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
        return { id: r.member.id, email: r.member.email, name: r.member.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.memberId = user.id;
      return token;
    },
    session({ session, token }) {
      if (typeof token.memberId === "string") (session as { memberId?: string }).memberId = token.memberId;
      return session;
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
});
