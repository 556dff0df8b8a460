"use server";

import { AuthError } from "next-auth";
import { isForm, NOT_A_FORM } from "@/lib/actions/form-input";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { signIn, signOut } from "@/lib/auth";
import { changePassword } from "@/lib/services/auth/change-password";
import { endAllSessions } from "@/lib/services/auth/session-version";
import { getCurrentMember } from "@/lib/session";

export type ChangePasswordState = { error: string | null };

/**
 * Change password: every session of the member ends (other browsers go to /login, their sockets
 * are cut), then this browser signs in again with the new password, so it stays signed in with
 * a token of the new session version.
 */
export async function changePasswordAction(
  _prev: ChangePasswordState,
  form: FormData,
): Promise<ChangePasswordState> {
  const me = await getCurrentMember();
  if (!me) redirect("/login");
  if (!isForm(form)) return { error: NOT_A_FORM };
  const currentPassword = String(form.get("current") ?? "");
  const newPassword = String(form.get("new") ?? "");
  if (!currentPassword) return { error: "Enter your current password." };
  if (newPassword !== String(form.get("confirm") ?? "")) return { error: "The two new passwords differ." };
  const ip = (await headers()).get("x-switchboard-client-ip") ?? "unknown";
  const r = await changePassword(getDb(), { memberId: me.id, currentPassword, newPassword, ip });
  if (!r.ok) return { error: r.message };
  try {
    await signIn("credentials", { email: r.email, password: newPassword, redirectTo: "/account?changed=1" });
  } catch (e) {
    if (e instanceof AuthError) redirect("/login");
    throw e;
  }
  return { error: null };
}

/** Sign out everywhere: every browser and socket of the member, this one included. */
export async function signOutEverywhereAction() {
  const me = await getCurrentMember();
  if (me) await endAllSessions(getDb(), me.id);
  await signOut({ redirectTo: "/login" });
}
