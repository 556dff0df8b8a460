import argon2 from "argon2";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { members, passwordResets } from "../../../db/schema";
import { canManageRole } from "../../domain/roles";
import { getPublisher } from "../../realtime/publisher";
import { newPasswordProblem } from "../auth/password-policy";
import { nextSessionVersion } from "../auth/session-version";
import { isUuid, refuse, RefusalError, type Result } from "../result";
import { runInTx } from "../run";
import { loadActor } from "./actor";
import { hashOneTimeToken, newOneTimeToken, plausibleToken } from "./one-time-token";

export const RESET_TTL_MS = 24 * 3600 * 1000;

/**
 * An admin makes a one-time link that lets a member choose a new password (there is no email
 * sending: the admin passes the link on, as with invites). A new link voids the member's earlier
 * unused ones. Admins reset below admin, owners anyone (SPEC §2); not themselves (Account page).
 */
export function createPasswordReset(db: Db, input: { actorId: string; memberId: string; now?: Date }) {
  const now = input.now ?? new Date();
  return runInTx(db, async (tx) => {
    const actor = await loadActor(tx, input.actorId, "members.manage");
    if (!isUuid(input.memberId)) throw new RefusalError(refuse("not_found", "Member not found."));
    const [target] = await tx
      .select()
      .from(members)
      .where(and(eq(members.id, input.memberId), eq(members.businessId, actor.businessId)))
      .for("update");
    if (!target) throw new RefusalError(refuse("not_found", "Member not found."));
    if (target.id === actor.id)
      throw new RefusalError(refuse("forbidden", "Change your own password on your Account page."));
    if (!canManageRole(actor.role, target.role))
      throw new RefusalError(
        refuse("forbidden", "Only an owner can reset the password of an admin or owner."),
      );
    if (!target.active) throw new RefusalError(refuse("invalid_input", `Reactivate ${target.name} first.`));
    await tx
      .update(passwordResets)
      .set({ expiresAt: now })
      .where(
        and(
          eq(passwordResets.memberId, target.id),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, now),
        ),
      );
    const { token, tokenHash } = newOneTimeToken();
    const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
    const [row] = await tx
      .insert(passwordResets)
      .values({ memberId: target.id, tokenHash, createdById: actor.id, expiresAt, createdAt: now })
      .returning({ id: passwordResets.id });
    return { resetId: row.id, token, expiresAt, memberName: target.name };
  });
}

export type PasswordResetStatus =
  | { status: "valid"; email: string; name: string }
  | { status: "used" | "expired" | "not_found" };

/** What the public reset page shows for a token. */
export async function lookupPasswordReset(
  db: Db,
  token: string,
  now = new Date(),
): Promise<PasswordResetStatus> {
  if (!plausibleToken(token)) return { status: "not_found" };
  const [row] = await db
    .select({ reset: passwordResets, email: members.email, name: members.name, active: members.active })
    .from(passwordResets)
    .innerJoin(members, eq(members.id, passwordResets.memberId))
    .where(eq(passwordResets.tokenHash, hashOneTimeToken(token)));
  if (!row?.active) return { status: "not_found" };
  if (row.reset.usedAt) return { status: "used" };
  if (row.reset.expiresAt <= now) return { status: "expired" };
  return { status: "valid", email: row.email, name: row.name };
}

/**
 * Spend a reset link: set the new password and end every session of the member (pages and
 * sockets), all in one transaction with marking the link used, so it works exactly once.
 */
export async function completePasswordReset(
  db: Db,
  input: { token: string; password: string; now?: Date },
): Promise<Result<{ memberId: string; email: string }>> {
  const now = input.now ?? new Date();
  const problem = newPasswordProblem(input.password);
  if (problem) return refuse("invalid_input", problem);
  if (!plausibleToken(input.token)) return refuse("not_found", "This password reset link is not valid.");
  const passwordHash = await argon2.hash(input.password);
  return runInTx(
    db,
    async (tx) => {
      const [reset] = await tx
        .select()
        .from(passwordResets)
        .where(eq(passwordResets.tokenHash, hashOneTimeToken(input.token)))
        .for("update");
      if (!reset) throw new RefusalError(refuse("not_found", "This password reset link is not valid."));
      if (reset.usedAt)
        throw new RefusalError(
          refuse("invalid_input", "This password reset link was already used.", { status: "used" }),
        );
      if (reset.expiresAt <= now)
        throw new RefusalError(
          refuse("invalid_input", "This password reset link has expired.", { status: "expired" }),
        );
      const [m] = await tx
        .update(members)
        .set({ passwordHash, sessionVersion: nextSessionVersion })
        .where(and(eq(members.id, reset.memberId), eq(members.active, true)))
        .returning({ id: members.id, email: members.email });
      if (!m) throw new RefusalError(refuse("not_found", "This password reset link is not valid."));
      await tx.update(passwordResets).set({ usedAt: now }).where(eq(passwordResets.id, reset.id));
      return { memberId: m.id, email: m.email };
    },
    (v) => getPublisher().endMemberSessions?.(v.memberId, "password_reset"),
  );
}
