import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client";
import { conversations, members, type Member } from "../../../db/schema";
import { canManageRole, ROLE_LABELS, ROLES, type Role } from "../../domain/roles";
import type { LiveEvent } from "../../realtime/events";
import { getPublisher } from "../../realtime/publisher";
import { nextSessionVersion } from "../auth/session-version";
import { reserveSeq } from "../business-seq";
import { applyStateChange } from "../conversations/apply";
import { loadActiveMember } from "../conversations/load";
import { isUuid, refuse, RefusalError } from "../result";
import { runInTx } from "../run";
import { loadActor, lockBusiness } from "./actor";
import { activeOwnerCount } from "./list";

const LAST_OWNER = "A business needs at least one active owner. Make someone else an owner first.";

/**
 * Load the actor and the target member under the business lock. The lock is taken before the
 * actor is re-read, so an owner being demoted at this very moment cannot still act as an owner.
 */
async function lockActorAndTarget(
  tx: Tx,
  actorId: string,
  targetId: string,
): Promise<{ actor: Member; target: Member }> {
  const first = await loadActiveMember(tx, actorId);
  await lockBusiness(tx, first.businessId);
  const actor = await loadActor(tx, actorId, "members.manage");
  if (!isUuid(targetId)) throw new RefusalError(refuse("not_found", "Member not found."));
  const [target] = await tx
    .select()
    .from(members)
    .where(and(eq(members.id, targetId), eq(members.businessId, actor.businessId)))
    .for("update");
  if (!target) throw new RefusalError(refuse("not_found", "Member not found."));
  return { actor, target };
}

function memberChanged(businessId: string, memberId: string, seq: number, now: Date): LiveEvent {
  return { type: "member.changed", businessId, seq, memberId, at: now.toISOString() };
}

export interface ChangeRoleInput {
  actorId: string;
  memberId: string;
  role: Role;
  now?: Date;
}

/**
 * Change a member's role within SPEC §2: admins manage roles below admin (and cannot lift anyone
 * to admin), owners manage every role. The last active owner cannot be demoted.
 */
export function changeRole(db: Db, input: ChangeRoleInput) {
  const now = input.now ?? new Date();
  return runInTx(db, async (tx, events) => {
    if (!ROLES.includes(input.role)) throw new RefusalError(refuse("invalid_input", "Choose a role."));
    const { actor, target } = await lockActorAndTarget(tx, input.actorId, input.memberId);
    if (!canManageRole(actor.role, target.role) || !canManageRole(actor.role, input.role)) {
      throw new RefusalError(refuse("forbidden", "Only an owner can make or remove admins and owners."));
    }
    if (target.role === input.role)
      return { memberId: target.id, role: target.role, label: ROLE_LABELS[target.role] };
    if (target.role === "owner" && target.active && (await activeOwnerCount(tx, actor.businessId)) <= 1) {
      throw new RefusalError(refuse("forbidden", LAST_OWNER));
    }
    await tx.update(members).set({ role: input.role }).where(eq(members.id, target.id));
    const seq = await reserveSeq(tx, actor.businessId, 1);
    events.push(memberChanged(actor.businessId, target.id, seq, now));
    return { memberId: target.id, role: input.role, label: ROLE_LABELS[input.role] };
  });
}

export interface MemberInput {
  actorId: string;
  memberId: string;
  now?: Date;
}

/**
 * Deactivate a member: they can no longer sign in, every page and socket of theirs is cut at once
 * (after commit), and each of their Assigned conversations goes back to Open with a timeline
 * event naming the admin who did it.
 */
export function deactivateMember(db: Db, input: MemberInput) {
  const now = input.now ?? new Date();
  return runInTx(
    db,
    async (tx, events) => {
      const { actor, target } = await lockActorAndTarget(tx, input.actorId, input.memberId);
      if (target.id === actor.id)
        throw new RefusalError(refuse("forbidden", "You cannot deactivate yourself."));
      if (!canManageRole(actor.role, target.role)) {
        throw new RefusalError(refuse("forbidden", "Only an owner can deactivate admins and owners."));
      }
      if (!target.active) return { memberId: target.id, returned: 0 };
      if (target.role === "owner" && (await activeOwnerCount(tx, actor.businessId)) <= 1) {
        throw new RefusalError(refuse("forbidden", LAST_OWNER));
      }
      await tx
        .update(members)
        .set({ active: false, sessionVersion: nextSessionVersion })
        .where(eq(members.id, target.id));
      const assigned = await tx
        .select()
        .from(conversations)
        .where(
          and(
            eq(conversations.businessId, actor.businessId),
            eq(conversations.assigneeId, target.id),
            eq(conversations.state, "assigned"),
          ),
        )
        .orderBy(conversations.id)
        .for("update");
      for (const conv of assigned) {
        events.push(
          await applyStateChange(tx, conv, {
            to: "open",
            assigneeId: null,
            timeline: "returned_to_open",
            actorId: actor.id,
            now,
          }),
        );
      }
      const seq = await reserveSeq(tx, actor.businessId, 1);
      events.push(memberChanged(actor.businessId, target.id, seq, now));
      return { memberId: target.id, returned: assigned.length };
    },
    (v) => getPublisher().endMemberSessions?.(v.memberId, "deactivated"),
  );
}

/** Let a deactivated member sign in again (with the role they had). */
export function reactivateMember(db: Db, input: MemberInput) {
  const now = input.now ?? new Date();
  return runInTx(db, async (tx, events) => {
    const { actor, target } = await lockActorAndTarget(tx, input.actorId, input.memberId);
    if (!canManageRole(actor.role, target.role)) {
      throw new RefusalError(refuse("forbidden", "Only an owner can reactivate admins and owners."));
    }
    if (target.active) return { memberId: target.id };
    // A new session version: tokens from before the deactivation stay dead.
    await tx
      .update(members)
      .set({ active: true, sessionVersion: nextSessionVersion })
      .where(eq(members.id, target.id));
    const seq = await reserveSeq(tx, actor.businessId, 1);
    events.push(memberChanged(actor.businessId, target.id, seq, now));
    return { memberId: target.id };
  });
}
