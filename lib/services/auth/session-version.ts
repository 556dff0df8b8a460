import { eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../../db/client";
import { members } from "../../../db/schema";
import { getPublisher } from "../../realtime/publisher";
import { refuse, RefusalError } from "../result";
import { runInTx } from "../run";

/**
 * Make every session token of the member stale: tokens carry the version they were issued
 * under, and every request and socket handshake compares it with this column.
 */
export async function bumpSessionVersion(tx: DbOrTx, memberId: string): Promise<number> {
  const [row] = await tx
    .update(members)
    .set({ sessionVersion: sql`${members.sessionVersion} + 1` })
    .where(eq(members.id, memberId))
    .returning({ sessionVersion: members.sessionVersion });
  if (!row) throw new RefusalError(refuse("not_found", "Member not found."));
  return row.sessionVersion;
}

/** The column value to write in an UPDATE that also ends the member's sessions. */
export const nextSessionVersion = sql`${members.sessionVersion} + 1`;

/**
 * Sign the member out everywhere: every page's next request goes to /login, and their open
 * sockets are cut at once (after commit, through the member's room on every instance).
 */
export function endAllSessions(db: Db, memberId: string, reason = "signed_out") {
  return runInTx(
    db,
    async (tx) => ({ memberId, sessionVersion: await bumpSessionVersion(tx, memberId) }),
    (v) => getPublisher().endMemberSessions?.(v.memberId, reason),
  );
}
