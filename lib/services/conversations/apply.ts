import { eq } from "drizzle-orm";
import type { ClosedReason, State, TimelineKind } from "../../domain/conversation-machine";
import type { DbOrTx } from "../../../db/client";
import { conversationEvents, conversations, type Conversation } from "../../../db/schema";
import type { LiveEvent } from "../../realtime/events";
import { reserveSeq } from "../business-seq";

export interface StateChange {
  to: State;
  assigneeId: string | null;
  timeline: TimelineKind;
  actorId: string | null;
  closedReason?: ClosedReason;
  now: Date;
  /** extra column updates made in the same write (activity, preview…) */
  extra?: Partial<typeof conversations.$inferInsert>;
}

/**
 * Write a state change, its timeline row and the tab counts in the caller's transaction,
 * and return the live event to publish after commit.
 */
export async function applyStateChange(
  tx: DbOrTx,
  conv: Conversation,
  change: StateChange,
): Promise<LiveEvent> {
  const assignedAt =
    change.to !== "assigned"
      ? null
      : change.assigneeId !== conv.assigneeId || conv.state !== "assigned"
        ? change.now
        : conv.assignedAt;
  await tx
    .update(conversations)
    .set({
      state: change.to,
      assigneeId: change.assigneeId,
      assignedAt,
      closedReason: change.to === "closed" ? (change.closedReason ?? "resolved") : null,
      closedById: change.to === "closed" ? change.actorId : null,
      closedAt: change.to === "closed" ? change.now : null,
      updatedAt: change.now,
      ...change.extra,
    })
    .where(eq(conversations.id, conv.id));
  await tx.insert(conversationEvents).values({
    businessId: conv.businessId,
    conversationId: conv.id,
    kind: change.timeline,
    actorId: change.actorId,
    fromState: conv.state,
    toState: change.to,
    fromAssigneeId: conv.assigneeId,
    toAssigneeId: change.assigneeId,
    createdAt: change.now,
  });
  const seq = await reserveSeq(tx, conv.businessId, 1, { from: conv.state, to: change.to });
  return {
    type: "conversation.updated",
    businessId: conv.businessId,
    seq,
    conversationId: conv.id,
    state: change.to,
    fromState: conv.state,
    assigneeId: change.assigneeId,
    fromAssigneeId: conv.assigneeId,
    change: change.timeline,
    actorId: change.actorId,
    at: change.now.toISOString(),
  };
}
