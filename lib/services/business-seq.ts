import { eq, sql } from "drizzle-orm";
import type { State } from "../domain/conversation-machine";
import type { DbOrTx } from "../../db/client";
import { businesses } from "../../db/schema";

const COUNT_COLUMN = { open: "open_count", assigned: "assigned_count", closed: "closed_count" } as const;

/**
 * Reserve `n` event sequence numbers for the business and move tab counts, in the caller's
 * transaction. Returns the first reserved number. The row lock also orders the business's
 * events the same way as their commits.
 */
export async function reserveSeq(
  tx: DbOrTx,
  businessId: string,
  n: number,
  move?: { from?: State | null; to?: State | null },
): Promise<number> {
  const deltas: Record<State, number> = { open: 0, assigned: 0, closed: 0 };
  if (move?.from && move.from !== move.to) deltas[move.from] -= 1;
  if (move?.to && move.from !== move.to) deltas[move.to] += 1;
  const [row] = await tx
    .update(businesses)
    .set({
      eventSeq: sql`${businesses.eventSeq} + ${n}`,
      openCount: sql`${sql.identifier(COUNT_COLUMN.open)} + ${deltas.open}`,
      assignedCount: sql`${sql.identifier(COUNT_COLUMN.assigned)} + ${deltas.assigned}`,
      closedCount: sql`${sql.identifier(COUNT_COLUMN.closed)} + ${deltas.closed}`,
    })
    .where(eq(businesses.id, businessId))
    .returning({ seq: businesses.eventSeq });
  return Number(row.seq) - n + 1;
}
