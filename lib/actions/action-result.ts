import { getCurrentMember, type CurrentMember } from "../session";
import { can, type Permission } from "../domain/roles";
import type { Refusal, Result } from "../services/result";
import { actionFailure } from "./action-failure";

/** What every server action returns to the page: data, or a message that is safe to show. */
export type ActionResult<T = object> =
  | ({ ok: true } & T)
  | { ok: false; code: string; message: string; signedOut?: boolean };

/**
 * The layer under every server action: re-read the member from the database (a deactivated
 * member is signed out at once), check the permission against their current role, run, and
 * turn unexpected errors into a generic message plus a log line.
 */
export async function withMember<T extends object>(
  permission: Permission | null,
  run: (member: CurrentMember) => Promise<Result<T> | ActionResult<T>>,
): Promise<ActionResult<T>> {
  try {
    // Inside the try: reading the member needs the database too, and a database that is down
    // must give the page an answer, not an exception.
    const member = await getCurrentMember();
    if (!member)
      return {
        ok: false,
        code: "signed_out",
        message: "You are signed out. Sign in again.",
        signedOut: true,
      };
    if (permission && !can(member.role, permission)) {
      return { ok: false, code: "forbidden", message: "Your role does not allow that." };
    }
    const r = await run(member);
    if (!r.ok) {
      const refusal = r as Refusal;
      return {
        ok: false,
        code: refusal.code,
        message: refusal.message,
        signedOut: refusal.code === "inactive_member",
      };
    }
    return r as ActionResult<T>;
  } catch (err) {
    return actionFailure(err);
  }
}
