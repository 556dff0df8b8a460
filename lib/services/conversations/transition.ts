import { and, eq } from "drizzle-orm";
import { decide, type ConversationEvent } from "../../domain/conversation-machine";
import type { Db } from "../../../db/client";
import { members } from "../../../db/schema";
import { applyStateChange } from "./apply";
import { describeRefusal } from "./describe-refusal";
import { loadActiveMember, lockConversation } from "./load";
import { isUuid, refuse, RefusalError, type Result } from "../result";
import { runInTx } from "../run";

export interface MemberTransitionInput {
  memberId: string;
  conversationId: string;
  /** for assign / reassign */
  targetMemberId?: string;
  now?: Date;
}

export type TransitionValue = { conversationId: string; state: string; assigneeId: string | null };

/**
 * A member's state-changing action without a message (T6–T9, T11, T12, T14): lock, decide with
 * the pure machine against the member as the database has them now, write, audit, emit.
 */
export function memberTransition(
  db: Db,
  event: Exclude<ConversationEvent, "customer_message" | "reply" | "auto_close">,
  input: MemberTransitionInput,
): Promise<Result<TransitionValue>> {
  const now = input.now ?? new Date();
  return runInTx(db, async (tx, events) => {
    const actor = await loadActiveMember(tx, input.memberId);
    const conv = await lockConversation(tx, actor.businessId, input.conversationId);
    const d = decide(conv.state, event, {
      kind: "member",
      role: actor.role,
      isAssignee: conv.assigneeId === actor.id,
    });
    if (!d.ok) throw new RefusalError(await describeRefusal(tx, conv, d.code, now));

    let assigneeId: string | null = conv.assigneeId;
    if (d.assignee === "actor") assigneeId = actor.id;
    if (d.assignee === "none") assigneeId = null;
    if (d.assignee === "target") {
      const target = input.targetMemberId;
      const [m] = isUuid(target)
        ? await tx
            .select()
            .from(members)
            .where(
              and(eq(members.id, target), eq(members.businessId, actor.businessId), eq(members.active, true)),
            )
            // Shared until commit: a deactivation of the target waits, or runs first and wins.
            .for("share")
        : [];
      if (!m) throw new RefusalError(refuse("invalid_target", "Choose an active member of your team."));
      if (m.id === conv.assigneeId)
        throw new RefusalError(refuse("invalid_target", `Already assigned to ${m.name}.`));
      assigneeId = m.id;
    }
    events.push(
      await applyStateChange(tx, conv, {
        to: d.to,
        assigneeId,
        timeline: d.timeline!,
        actorId: actor.id,
        closedReason: d.closedReason,
        now,
      }),
    );
    return { conversationId: conv.id, state: d.to, assigneeId };
  });
}

export const pickUp = (db: Db, input: MemberTransitionInput) => memberTransition(db, "pick_up", input);
export const assign = (db: Db, input: MemberTransitionInput) => memberTransition(db, "assign", input);
export const takeOver = (db: Db, input: MemberTransitionInput) => memberTransition(db, "take_over", input);
export const reassign = (db: Db, input: MemberTransitionInput) => memberTransition(db, "reassign", input);
export const resolve = (db: Db, input: MemberTransitionInput) => memberTransition(db, "resolve", input);
export const returnToOpen = (db: Db, input: MemberTransitionInput) =>
  memberTransition(db, "return_to_open", input);
