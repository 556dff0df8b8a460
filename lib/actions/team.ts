"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "../../db/client";
import { createInvite, revokeInvite } from "../services/members/invite";
import { changeRole, deactivateMember, reactivateMember } from "../services/members/manage";
import { createPasswordReset } from "../services/members/password-reset";
import { withMember } from "./action-result";
import { changeRoleSchema, inviteSchema, memberIdSchema, revokeInviteSchema } from "./team.validation";

// Thin actions: withMember re-reads the member; each service re-checks the role and the business
// against the database under its own transaction.

const invalid = {
  ok: false as const,
  code: "invalid_input",
  message: "That request was not understood. Reload and try again.",
};

export async function inviteMemberAction(input: unknown) {
  return withMember("members.manage", async (me) => {
    const p = inviteSchema.safeParse(input);
    if (!p.success)
      return { ok: false as const, code: "invalid_input", message: "Enter an email address and a role." };
    const r = await createInvite(getDb(), { actorId: me.id, ...p.data });
    if (!r.ok) return r;
    revalidatePath("/settings");
    return { ok: true as const, path: `/invite/${r.token}`, expiresAt: r.expiresAt.toISOString() };
  });
}

export async function revokeInviteAction(input: unknown) {
  return withMember("members.manage", async (me) => {
    const p = revokeInviteSchema.safeParse(input);
    if (!p.success) return invalid;
    const r = await revokeInvite(getDb(), { actorId: me.id, ...p.data });
    revalidatePath("/settings");
    return r;
  });
}

export async function changeRoleAction(input: unknown) {
  return withMember("members.manage", async (me) => {
    const p = changeRoleSchema.safeParse(input);
    if (!p.success) return invalid;
    const r = await changeRole(getDb(), { actorId: me.id, ...p.data });
    revalidatePath("/settings");
    return r;
  });
}

export async function deactivateMemberAction(input: unknown) {
  return withMember("members.manage", async (me) => {
    const p = memberIdSchema.safeParse(input);
    if (!p.success) return invalid;
    const r = await deactivateMember(getDb(), { actorId: me.id, ...p.data });
    revalidatePath("/settings");
    return r;
  });
}

export async function reactivateMemberAction(input: unknown) {
  return withMember("members.manage", async (me) => {
    const p = memberIdSchema.safeParse(input);
    if (!p.success) return invalid;
    const r = await reactivateMember(getDb(), { actorId: me.id, ...p.data });
    revalidatePath("/settings");
    return r;
  });
}

/** A one-time link that lets the member choose a new password, shown once to the admin. */
export async function createPasswordResetAction(input: unknown) {
  return withMember("members.manage", async (me) => {
    const p = memberIdSchema.safeParse(input);
    if (!p.success) return { ok: false as const, code: "invalid_input", message: invalid.message };
    const r = await createPasswordReset(getDb(), { actorId: me.id, ...p.data });
    if (!r.ok) return r;
    return { ok: true as const, path: `/reset/${r.token}`, expiresAt: r.expiresAt.toISOString() };
  });
}
