import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client";
import { conversations, members, type Member } from "../../../db/schema";
import { canManageRole, ROLE_LABELS, ROLES, type Role } from "../../domain/roles";
import type { LiveEvent } from "../../realtime/events";
import { getPublisher } from "../../realtime/publisher";
import { nextSessionVersion } from "../auth/session-version";
import { reserveSeq } from "../business-seq";
import { applyStateChange } from "../conversations/apply";
import { isUuid, refuse, RefusalError } from "../result";
import { runInTx } from "../run";
import { loadActor, lockBusiness } from "./actor";
import { activeOwnerCount } from "./list";

const LAST_OWNER = "A business needs at least one active owner. Make someone else an owner first.";

/**
 * Lock the actor's row (shared, as every action does) and the target's (NO KEY UPDATE: it waits
 * for the target's running actions and makes their next ones wait, without blocking other
 * members' actions whose rows merely point at the target). Taken in id order, with no lock held
 * before, so two admins acting on each other at once cannot deadlock. The business lock comes
 * later, after any conversation locks, as in every other service (see loadActiveMember).
 */
async function lockActorAndTarget(
  tx: Tx,
  actorId: string,
  targetId: string,
): Promise<{ actor: Member; target: Member }> {
  if (!isUuid(actorId))
    throw new RefusalError(refuse("inactive_member", "Your account was not found. Sign in again."));
  if (!isUuid(targetId)) throw new RefusalError(refuse("not_found", "Member not found."));
  const [home] = await tx
    .select({ businessId: members.businessId })
    .from(members)
    .where(eq(members.id, actorId));
  if (!home) throw new RefusalError(refuse("inactive_member", "Your account was not found. Sign in again."));
  let target: Member | undefined;
  for (const id of [actorId, targetId].sort()) {
    const q = tx
      .select()
      .from(members)
      .where(and(eq(members.id, id), eq(members.businessId, home.businessId)));
    const [row] = id === targetId ? await q.for("no key update") : await q.for("share");
    if (id === targetId) target = row;
  }
  if (!target) throw new RefusalError(refuse("not_found", "Member not found."));
  const actor = await loadActor(tx, actorId, "members.manage");
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
    await lockBusiness(tx, actor.businessId);
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
      // Conversations before the business row, as every reply and hand-over locks them. With the
      // member's row locked, no new conversation can be assigned to them any more.
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
      await lockBusiness(tx, actor.businessId);
      if (target.role === "owner" && (await activeOwnerCount(tx, actor.businessId)) <= 1) {
        throw new RefusalError(refuse("forbidden", LAST_OWNER));
      }
      await tx
        .update(members)
        .set({ active: false, sessionVersion: nextSessionVersion })
        .where(eq(members.id, target.id));
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
    await lockBusiness(tx, actor.businessId);
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
