import { and, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { messages } from "../../../db/schema";
import { decide } from "../../domain/conversation-machine";
import { can } from "../../domain/roles";
import { hooks } from "../../hooks";
import { reserveSeq } from "../business-seq";
import { describeRefusal } from "../conversations/describe-refusal";
import { loadActiveMember, lockConversation } from "../conversations/load";
import { isWindowOpen } from "../conversations/window";
import { isUuid, refuse, RefusalError, type Result } from "../result";
import { replayed, rememberResult } from "../idempotency";
import { runInTx } from "../run";

/**
 * A member's Retry on a Failed outbound message: back to `queued`, sent by the outbox at once.
 * The same rules as a reply apply now (it is the assignee's Assigned conversation, and a text
 * needs the 24-hour window open); a campaign message may be retried by whoever runs campaigns.
 */
export async function retryFailedMessage(
  db: Db,
  input: { memberId: string; messageId: string; idempotencyKey?: string; now?: Date },
): Promise<Result<{ messageId: string }>> {
  const now = input.now ?? new Date();
  if (!isUuid(input.messageId)) return refuse("not_found", "Message not found.");
  return runInTx(
    db,
    async (tx, events) => {
      const actor = await loadActiveMember(tx, input.memberId);
      const action = `retry:${actor.id}:${input.messageId}`;
      const prior = await replayed<{ messageId: string }>(tx, actor.businessId, input.idempotencyKey, action);
      if (prior) return prior;
      const [m] = await tx
        .select()
        .from(messages)
        .where(
          and(
            eq(messages.id, input.messageId),
            eq(messages.businessId, actor.businessId),
            eq(messages.direction, "outbound"),
          ),
        )
        .for("update");
      if (!m) throw new RefusalError(refuse("not_found", "Message not found."));
      if (m.status !== "failed")
        throw new RefusalError(refuse("invalid_input", "Only a failed message can be retried."));
      if (m.conversationId) {
        const conv = await lockConversation(tx, actor.businessId, m.conversationId);
        const d = decide(conv.state, "reply", {
          kind: "member",
          role: actor.role,
          isAssignee: conv.assigneeId === actor.id,
        });
        if (!d.ok) throw new RefusalError(await describeRefusal(tx, conv, d.code, now));
        if (d.to !== conv.state)
          throw new RefusalError(refuse("not_assigned", "Pick up the conversation first, then retry."));
        if (m.type !== "template" && !isWindowOpen(conv, now)) {
          throw new RefusalError(
            refuse(
              "window_closed",
              "The 24-hour window is closed: send a template instead of retrying this message.",
            ),
          );
        }
      } else if (!can(actor.role, "campaigns.manage")) {
        throw new RefusalError(refuse("forbidden", "Only admins and owners can retry campaign messages."));
      }
      await tx
        .update(messages)
        .set({
          status: "queued",
          attempts: 0,
          nextAttemptAt: now,
          statusAt: now,
          errorCode: null,
          errorMessage: null,
        })
        .where(eq(messages.id, m.id));
      const seq = await reserveSeq(tx, m.businessId, 1);
      events.push({
        type: "message.status_changed",
        businessId: m.businessId,
        seq,
        conversationId: m.conversationId,
        campaignId: m.campaignId,
        messageId: m.id,
        status: "queued",
        at: now.toISOString(),
      });
      await rememberResult(tx, actor.businessId, input.idempotencyKey, { messageId: m.id });
      return { messageId: m.id };
    },
    () => hooks().outboxKick?.(),
  );
}
