import argon2 from "argon2";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { businesses, invites, members } from "../../../db/schema";
import { canManageRole, ROLE_LABELS, type Role } from "../../domain/roles";
import { newPasswordProblem } from "../auth/password-policy";
import { reserveSeq } from "../business-seq";
import { refuse, RefusalError, type Result } from "../result";
import { runInTx } from "../run";
import { loadActor } from "./actor";
import { hashOneTimeToken, newOneTimeToken } from "./one-time-token";

export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Only this hash is stored: a database leak does not hand out working links. */
export const hashInviteToken = hashOneTimeToken;

// Said when an invite cannot become a member, whatever the reason: an email that belongs to a
// member of another business must read exactly like any other dead link (no membership leak).
const NOT_VALID = "This invite link is not valid.";

export interface CreateInviteInput {
  actorId: string;
  email: string;
  role: Role;
  now?: Date;
}

/**
 * Invite someone by email. Returns the one-time token, shown once to the admin as a link; the
 * database keeps only its hash. Admins may invite below admin, owners any role (SPEC §2).
 */
export function createInvite(db: Db, input: CreateInviteInput) {
  const now = input.now ?? new Date();
  return runInTx(db, async (tx) => {
    const actor = await loadActor(tx, input.actorId, "members.manage");
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email) || email.length > 320)
      throw new RefusalError(refuse("invalid_input", "Enter a valid email address."));
    if (!canManageRole(actor.role, input.role)) {
      throw new RefusalError(
        refuse("forbidden", `Only an owner can invite an ${ROLE_LABELS[input.role].toLowerCase()}.`),
      );
    }
    // Only the admin's own team is looked at: whether the address belongs to a member of another
    // business is none of their business, so such an invite is made like any other.
    const [taken] = await tx
      .select({ id: members.id })
      .from(members)
      .where(and(sql`lower(${members.email}) = ${email}`, eq(members.businessId, actor.businessId)));
    if (taken)
      throw new RefusalError(refuse("invalid_input", "Someone with this email is already a member."));
    const { token, tokenHash } = newOneTimeToken();
    const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
    const [row] = await tx
      .insert(invites)
      .values({
        businessId: actor.businessId,
        email,
        role: input.role,
        tokenHash,
        invitedById: actor.id,
        expiresAt,
        createdAt: now,
      })
      .returning({ id: invites.id });
    return { inviteId: row.id, token, expiresAt };
  });
}

/** Withdraw a pending invite: its link stops working at once. */
export function revokeInvite(db: Db, input: { actorId: string; inviteId: string; now?: Date }) {
  const now = input.now ?? new Date();
  return runInTx(db, async (tx) => {
    const actor = await loadActor(tx, input.actorId, "members.manage");
    const [inv] = await tx
      .select()
      .from(invites)
      .where(and(eq(invites.id, input.inviteId), eq(invites.businessId, actor.businessId)))
      .for("update");
    if (!inv) throw new RefusalError(refuse("not_found", "Invite not found."));
    if (!canManageRole(actor.role, inv.role))
      throw new RefusalError(refuse("forbidden", "Only an owner can withdraw this invite."));
    if (!inv.usedAt && inv.expiresAt > now)
      await tx.update(invites).set({ expiresAt: now }).where(eq(invites.id, inv.id));
    return { inviteId: inv.id };
  });
}

export type InviteStatus =
  | { status: "valid"; email: string; role: Role; businessName: string; expiresAt: Date }
  | { status: "used" | "expired" | "not_found" };

/** What the public invite page shows for a token. */
export async function lookupInvite(db: Db, token: string, now = new Date()): Promise<InviteStatus> {
  if (!token || token.length > 200) return { status: "not_found" };
  const [row] = await db
    .select({ invite: invites, businessName: businesses.name })
    .from(invites)
    .innerJoin(businesses, eq(businesses.id, invites.businessId))
    .where(eq(invites.tokenHash, hashInviteToken(token)));
  if (!row) return { status: "not_found" };
  if (row.invite.usedAt) return { status: "used" };
  if (row.invite.expiresAt <= now) return { status: "expired" };
  return {
    status: "valid",
    email: row.invite.email,
    role: row.invite.role,
    businessName: row.businessName,
    expiresAt: row.invite.expiresAt,
  };
}

export interface AcceptInviteInput {
  token: string;
  name: string;
  password: string;
  now?: Date;
}

/** The invitee sets their name and password; the link is spent in the same transaction. */
export async function acceptInvite(
  db: Db,
  input: AcceptInviteInput,
): Promise<Result<{ memberId: string; email: string }>> {
  const now = input.now ?? new Date();
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100)
    return refuse("invalid_input", "Enter your name (up to 100 characters).");
  const problem = newPasswordProblem(input.password);
  if (problem) return refuse("invalid_input", problem);
  // Hash outside the transaction: argon2 is slow on purpose and must not hold row locks.
  const passwordHash = await argon2.hash(input.password);
  return runInTx(db, async (tx, events) => {
    const [inv] = await tx
      .select()
      .from(invites)
      .where(eq(invites.tokenHash, hashInviteToken(input.token)))
      .for("update");
    if (!inv) throw new RefusalError(refuse("not_found", NOT_VALID));
    if (inv.usedAt)
      throw new RefusalError(
        refuse("invalid_input", "This invite link was already used.", { status: "used" }),
      );
    if (inv.expiresAt <= now)
      throw new RefusalError(refuse("invalid_input", "This invite link has expired.", { status: "expired" }));
    // Email addresses are one member each across Switchboard. If this one is taken (here or in
    // another business) the link is dead, said as for any invalid link.
    const [taken] = await tx
      .select({ id: members.id })
      .from(members)
      .where(sql`lower(${members.email}) = ${inv.email.toLowerCase()}`);
    if (taken) throw new RefusalError(refuse("not_found", NOT_VALID));
    const [m] = await tx
      .insert(members)
      .values({
        businessId: inv.businessId,
        email: inv.email,
        name,
        role: inv.role,
        passwordHash,
        createdAt: now,
      })
      .returning({ id: members.id });
    await tx.update(invites).set({ usedAt: now }).where(eq(invites.id, inv.id));
    const seq = await reserveSeq(tx, inv.businessId, 1);
    events.push({
      type: "member.changed",
      businessId: inv.businessId,
      seq,
      memberId: m.id,
      at: now.toISOString(),
    });
    return { memberId: m.id, email: inv.email };
  });
}
