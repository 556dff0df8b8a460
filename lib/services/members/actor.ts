import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { businesses, type Member } from "../../../db/schema";
import { can, type Permission } from "../../domain/roles";
import { loadActiveMember } from "../conversations/load";
import { refuse, RefusalError } from "../result";

/**
 * The acting member as the database has them now, refused unless active and allowed
 * `permission`. Every team, settings, dashboard and review service starts here, so the check
 * never depends on what a page or a session token claims.
 */
export async function loadActor(tx: DbOrTx, memberId: string, permission: Permission): Promise<Member> {
  const actor = await loadActiveMember(tx, memberId);
  if (!can(actor.role, permission))
    throw new RefusalError(refuse("forbidden", "Your role does not allow that."));
  return actor;
}

/**
 * Lock the business row: every change that could leave the business without an active owner
 * (role changes, deactivation) takes this lock, so two such changes run one after the other.
 * NO KEY UPDATE, like the event-sequence update every action ends with: it does not block the
 * foreign-key checks of rows inserted meanwhile (messages, timeline events), which would
 * otherwise wait on it while holding a conversation this change is about to lock.
 */
export async function lockBusiness(tx: DbOrTx, businessId: string): Promise<void> {
  await tx
    .select({ id: businesses.id })
    .from(businesses)
    .where(eq(businesses.id, businessId))
    .for("no key update");
}
