"use server";

import { AuthError } from "next-auth";
import { isForm, NOT_A_FORM } from "@/lib/actions/form-input";
import { getDb } from "@/db/client";
import { signIn } from "@/lib/auth";
import { completePasswordReset } from "@/lib/services/members/password-reset";

export type ResetState = { error: string | null };

/** Public: the token is the credential. Spend it, then sign the member in with the new password. */
export async function resetPasswordAction(_prev: ResetState, form: FormData): Promise<ResetState> {
  if (!isForm(form)) return { error: NOT_A_FORM };
  const token = String(form.get("token") ?? "");
  const password = String(form.get("password") ?? "");
  if (password !== String(form.get("confirm") ?? "")) return { error: "The two passwords differ." };
  const r = await completePasswordReset(getDb(), { token, password });
  if (!r.ok) return { error: r.message };
  try {
    await signIn("credentials", { email: r.email, password, redirectTo: "/inbox/open" });
  } catch (e) {
    if (e instanceof AuthError) return { error: "Your new password is set. Sign in with it." };
    throw e;
  }
  return { error: null };
}
