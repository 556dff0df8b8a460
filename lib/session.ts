import { eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "../db/client";
import { businesses, members, type Business, type Member } from "../db/schema";
import { auth } from "./auth";
import { can, type Permission } from "./domain/roles";

export type CurrentMember = Member & { business: Business };

/**
 * The signed-in member as the database has them now — never what the token claims.
 * A deactivated member reads as signed out. Cached per request.
 */
export const getCurrentMember = cache(async (): Promise<CurrentMember | null> => {
  const session = await auth();
  const memberId = (session as { memberId?: string } | null)?.memberId;
  if (!memberId) return null;
  const [row] = await getDb()
    .select({ member: members, business: businesses })
    .from(members)
    .innerJoin(businesses, eq(businesses.id, members.businessId))
    .where(eq(members.id, memberId));
  if (!row?.member.active) return null;
  return { ...row.member, business: row.business };
});

/** For pages: the member, or off to /login. */
export async function requireMember(permission?: Permission): Promise<CurrentMember> {
  const m = await getCurrentMember();
  if (!m) redirect("/login");
  if (permission && !can(m.role, permission)) redirect("/inbox/open");
  return m;
}
