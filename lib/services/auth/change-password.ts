import argon2 from "argon2";
import { eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { members } from "../../../db/schema";
import { getPublisher } from "../../realtime/publisher";
import { loadActiveMember } from "../conversations/load";
import { refuse, RefusalError, type Result } from "../result";
import { runInTx } from "../run";
import { newPasswordProblem } from "./password-policy";
import { nextSessionVersion } from "./session-version";
import { verifyCredentials } from "./verify-credentials";

export interface ChangePasswordInput {
  memberId: string;
  currentPassword: string;
  newPassword: string;
  /** the client address, so guesses of the current password are throttled like sign-ins */
  ip: string;
}

/**
 * A member changes their own password. The current password is required (a borrowed, unlocked
 * browser is not enough), and every session of theirs ends: the caller signs the current browser
 * in again with the new password.
 */
export async function changePassword(
  db: Db,
  input: ChangePasswordInput,
): Promise<Result<{ memberId: string; email: string; sessionVersion: number }>> {
  const problem = newPasswordProblem(input.newPassword);
  if (problem) return refuse("invalid_input", problem);
  const [current] = await db.select().from(members).where(eq(members.id, input.memberId));
  if (!current?.active) return refuse("inactive_member", "Your account is deactivated. Sign in again.");
  // The same check as sign-in, throttle included: a borrowed session cannot guess the password.
  const check = await verifyCredentials(db, current.email, input.currentPassword, input.ip);
  if (!check.ok && check.reason === "throttled")
    return refuse("invalid_input", "Too many failed attempts. Try again in 15 minutes.");
  if (!check.ok || check.member.id !== current.id)
    return refuse("invalid_input", "Your current password is not right.");
  // Hash outside the transaction: argon2 is slow on purpose and must not hold row locks.
  const passwordHash = await argon2.hash(input.newPassword);
  return runInTx(
    db,
    async (tx) => {
      const m = await loadActiveMember(tx, input.memberId);
      // Someone else changed it in between (another tab, an admin's reset): start over.
      if (m.passwordHash !== current.passwordHash)
        throw new RefusalError(refuse("invalid_input", "Your password was just changed. Sign in again."));
      const [row] = await tx
        .update(members)
        .set({ passwordHash, sessionVersion: nextSessionVersion })
        .where(eq(members.id, m.id))
        .returning({ sessionVersion: members.sessionVersion });
      return { memberId: m.id, email: m.email, sessionVersion: row.sessionVersion };
    },
    (v) => getPublisher().endMemberSessions?.(v.memberId, "password_changed"),
  );
}
