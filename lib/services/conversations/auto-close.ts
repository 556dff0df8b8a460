import { and, eq, sql } from "drizzle-orm";
import { decide } from "../../domain/conversation-machine";
import type { Db } from "../../../db/client";
import { businesses, conversations } from "../../../db/schema";
import { applyStateChange } from "./apply";
import { runInTx } from "../run";

export interface SweepOptions {
  /** injectable clock */
  now?: Date;
  /** AUTO_CLOSE_AFTER_MINUTES, for businesses without their own period */
  defaultMinutes: number;
  limit?: number;
  /** test hook: runs between finding due conversations and closing them */
  beforeClose?: (ids: string[]) => Promise<void>;
}

/** SQL for "this Assigned conversation is due", evaluated against the row as it is when locked. */
const dueCondition = (now: Date, defaultMinutes: number) => sql`
  ${conversations.state} = 'assigned'
  and greatest(${conversations.lastCustomerMessageAt}, ${conversations.assignedAt})
      + make_interval(mins => coalesce(${businesses.autoCloseMinutes}, ${defaultMinutes}::int)) <= ${now.toISOString()}::timestamptz`;

/**
 * T10: close every due Assigned conversation, exactly once, however many processes sweep at the
 * same moment. Each conversation is closed in its own transaction that locks the row and checks
 * again that it is still due, so a customer message committed first wins, and a second sweeper
 * finds it already closed.
 */
export async function sweepAutoClose(db: Db, opts: SweepOptions): Promise<{ closed: string[] }> {
  const now = opts.now ?? new Date();
  const due = await db
    .select({ id: conversations.id })
    .from(conversations)
    .innerJoin(businesses, eq(businesses.id, conversations.businessId))
    .where(dueCondition(now, opts.defaultMinutes))
    .limit(opts.limit ?? 500);
  const ids = due.map((r) => r.id);
  await opts.beforeClose?.(ids);
  const closed: string[] = [];
  for (const id of ids) {
    const r = await runInTx(db, async (tx, events) => {
      const [row] = await tx
        .select({ conv: conversations })
        .from(conversations)
        .innerJoin(businesses, eq(businesses.id, conversations.businessId))
        .where(and(eq(conversations.id, id), dueCondition(now, opts.defaultMinutes)))
        .for("update", { of: conversations, skipLocked: true });
      if (!row) return { closed: false };
      const d = decide(row.conv.state, "auto_close", { kind: "system" });
      if (!d.ok) return { closed: false };
      events.push(
        await applyStateChange(tx, row.conv, {
          to: d.to,
          assigneeId: null,
          timeline: d.timeline!,
          actorId: null,
          closedReason: d.closedReason,
          now,
        }),
      );
      return { closed: true };
    });
    if (r.ok && r.closed) closed.push(id);
  }
  return { closed };
}
