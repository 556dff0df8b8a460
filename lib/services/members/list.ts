import { and, asc, count, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db, DbOrTx } from "../../../db/client";
import { invites, members } from "../../../db/schema";
import type { Role } from "../../domain/roles";
import { assignedCountOfMember } from "../../queries/member-load";
import { loadActor } from "./actor";
import { runInTx } from "../run";

export type MemberRow = {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  assigned: number;
};
export type PendingInvite = { id: string; email: string; role: Role; expiresAt: Date; createdAt: Date };

/** The business's members (active first) with their Assigned counts, and the invites still pending. */
export function listTeam(db: Db, input: { actorId: string; now?: Date }) {
  const now = input.now ?? new Date();
  return runInTx(db, async (tx) => {
    const actor = await loadActor(tx, input.actorId, "members.manage");
    const rows = await tx
      .select({
        id: members.id,
        name: members.name,
        email: members.email,
        role: members.role,
        active: members.active,
        assigned: assignedCountOfMember,
      })
      .from(members)
      .where(eq(members.businessId, actor.businessId))
      .orderBy(desc(members.active), asc(members.name));
    const pending = await tx
      .select({
        id: invites.id,
        email: invites.email,
        role: invites.role,
        expiresAt: invites.expiresAt,
        createdAt: invites.createdAt,
      })
      .from(invites)
      .where(
        and(eq(invites.businessId, actor.businessId), isNull(invites.usedAt), gt(invites.expiresAt, now)),
      )
      .orderBy(desc(invites.createdAt));
    return {
      actor: { id: actor.id, role: actor.role },
      members: rows as MemberRow[],
      invites: pending as PendingInvite[],
    };
  });
}

/** How many active owners the business has; call with the business row locked. */
export async function activeOwnerCount(tx: DbOrTx, businessId: string) {
  const [r] = await tx
    .select({ n: count() })
    .from(members)
    .where(and(eq(members.businessId, businessId), eq(members.role, "owner"), eq(members.active, true)));
  return r.n;
}
