import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { businesses, members, type Business, type Member } from "../../../db/schema";
import { isUuid } from "../result";

export type SessionMember = Member & { business: Business };

/** What a session token claims: who, and which of their session versions it was issued under. */
export interface SessionClaims {
  memberId?: unknown;
  sessionVersion?: unknown;
}

/**
 * The member a session token stands for, as the database has them now — or null when the token
 * is no longer good: unknown member, deactivated, or issued under an older session version
 * (they signed out, changed their password, or were deactivated since). Pages, actions, socket
 * handshakes all decide through here.
 */
export async function memberForSession(
  db: DbOrTx,
  claims: SessionClaims | null,
): Promise<SessionMember | null> {
  const memberId = claims?.memberId;
  const version = claims?.sessionVersion;
  if (!isUuid(memberId) || typeof version !== "number") return null;
  const [row] = await db
    .select({ member: members, business: businesses })
    .from(members)
    .innerJoin(businesses, eq(businesses.id, members.businessId))
    .where(eq(members.id, memberId));
  if (!row?.member.active || row.member.sessionVersion !== version) return null;
  return { ...row.member, business: row.business };
}
