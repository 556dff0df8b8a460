"use server";

import { AuthError } from "next-auth";
import { isForm, NOT_A_FORM } from "@/lib/actions/form-input";
import { getDb } from "@/db/client";
import { acceptInviteSchema } from "@/lib/actions/team.validation";
import { signIn } from "@/lib/auth";
import { acceptInvite } from "@/lib/services/members/invite";

export type AcceptState = { error: string | null; status?: "used" | "expired" };

/** Public: the token is the credential. Spend it, then sign the new member in. */
export async function acceptInviteAction(_prev: AcceptState, form: FormData): Promise<AcceptState> {
  if (!isForm(form)) return { error: NOT_A_FORM };
  const p = acceptInviteSchema.safeParse({
    token: form.get("token"),
    name: form.get("name"),
    password: form.get("password"),
  });
  if (!p.success) return { error: "Enter your name and a password of at least 10 characters." };
  if (p.data.password !== String(form.get("confirm") ?? "")) return { error: "The two passwords differ." };
  const r = await acceptInvite(getDb(), p.data);
  if (!r.ok) return { error: r.message, status: r.data?.status as AcceptState["status"] };
  try {
    await signIn("credentials", { email: r.email, password: p.data.password, redirectTo: "/inbox/open" });
  } catch (e) {
    if (e instanceof AuthError)
      return { error: "Your account is ready. Sign in with your email and new password." };
    throw e;
  }
  return { error: null };
}
