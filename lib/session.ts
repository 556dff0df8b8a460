import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "../db/client";
import { auth } from "./auth";
import { can, type Permission } from "./domain/roles";

import { memberForSession, type SessionMember } from "./services/auth/session-member";

export type CurrentMember = SessionMember;

/**
 * The signed-in member as the database has them now — never what the token claims.
 * A deactivated member, or a token from before their last sign-out, password change or
 * deactivation (an older session version), reads as signed out. Cached per request.
 */
export const getCurrentMember = cache(async (): Promise<CurrentMember | null> => {
  const session = (await auth()) as { memberId?: unknown; sessionVersion?: unknown } | null;
  return memberForSession(getDb(), session);
});

/** For pages: the member, or off to /login. */
export async function requireMember(permission?: Permission): Promise<CurrentMember> {
  const m = await getCurrentMember();
  if (!m) redirect("/login");
  if (permission && !can(m.role, permission)) redirect("/inbox/open");
  return m;
}
