import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { members } from "../../../db/schema";
import { assignedCountOfMember } from "../member-load";
import type { AssignableMember } from "./types";

/** Active members of the business with their current load (Assigned conversations). */
export async function listAssignableMembers(db: DbOrTx, businessId: string): Promise<AssignableMember[]> {
  const rows = await db
    .select({
      id: members.id,
      name: members.name,
      role: members.role,
      load: assignedCountOfMember,
    })
    .from(members)
    .where(and(eq(members.businessId, businessId), eq(members.active, true)))
    .orderBy(asc(members.name));
  return rows.map((r) => ({ ...r, load: Number(r.load) || 0 }));
}
