/** One rule for every password a member chooses (invite, change, reset). */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 1024;

/** The sentence to show when a new password is not acceptable, or null when it is. */
export function newPasswordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX)
    return `Choose a password of at least ${PASSWORD_MIN} characters.`;
  return null;
}
