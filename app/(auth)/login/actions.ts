"use server";

import { AuthError } from "next-auth";
import { isForm, NOT_A_FORM } from "@/lib/actions/form-input";
import { getDb } from "@/db/client";
import { signIn, signOut } from "@/lib/auth";
import { logger } from "@/lib/logger";
import { endAllSessions } from "@/lib/services/auth/session-version";
import { getCurrentMember } from "@/lib/session";

export type SignInState = { error: string | null; email: string };

/**
 * Sign in with email + password. Auth.js throws a redirect on success: only its own
 * AuthError is caught here, everything else is rethrown so that Next's redirect works.
 */
export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  if (!isForm(form)) return { error: NOT_A_FORM, email: "" };
  const email = String(form.get("email") ?? "").trim();
  const password = String(form.get("password") ?? "");
  if (!email || !password) return { error: "Enter your email and password.", email };
  const next = String(form.get("next") ?? "");
  const redirectTo = next.startsWith("/") && !next.startsWith("//") ? next : "/inbox/open";
  try {
    await signIn("credentials", { email, password, redirectTo });
  } catch (e) {
    if (e instanceof AuthError) {
      const code = (e as AuthError & { code?: string }).code;
      if (code === "throttled") {
        return {
          error:
            "Too many failed attempts from here. For your security, sign-in from this address is paused for 15 minutes.",
          email,
        };
      }
      if (e.type === "CredentialsSignin") return { error: "That email and password do not match.", email };
      return { error: "Sign-in failed. Try again.", email };
    }
    throw e;
  }
  return { error: null, email };
}

/**
 * Sign out ends the session everywhere it is used (SPEC §8): the member's session version moves
 * on, so every other browser's next request goes to /login and their sockets are cut now.
 */
export async function signOutAction() {
  try {
    const me = await getCurrentMember();
    if (me) await endAllSessions(getDb(), me.id);
  } catch (err) {
    // This browser is still signed out below; the others end at their token's expiry.
    logger.error({ err }, "sign-out could not end the other sessions");
  }
  await signOut({ redirectTo: "/login" });
}
