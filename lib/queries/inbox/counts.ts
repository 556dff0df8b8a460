import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { businesses } from "../../../db/schema";
import type { Counts } from "./types";

/** The tab counts, maintained by the service layer in the same transaction as each change. */
export async function getCounts(db: DbOrTx, businessId: string): Promise<Counts> {
  const [b] = await db
    .select({
      open: businesses.openCount,
      assigned: businesses.assignedCount,
      closed: businesses.closedCount,
      seq: businesses.eventSeq,
    })
    .from(businesses)
    .where(eq(businesses.id, businessId));
  return b
    ? { open: b.open, assigned: b.assigned, closed: b.closed, seq: Number(b.seq) }
    : { open: 0, assigned: 0, closed: 0, seq: 0 };
}
