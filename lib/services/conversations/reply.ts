import { and, eq } from "drizzle-orm";
import { decide } from "../../domain/conversation-machine";
import type { Db } from "../../../db/client";
import { conversations, customers, messages, templates } from "../../../db/schema";
import { hooks } from "../../hooks";
import { reserveSeq } from "../business-seq";
import { applyStateChange } from "./apply";
import { describeRefusal } from "./describe-refusal";
import { loadActiveMember, lockConversation } from "./load";
import { previewOf } from "./preview";
import { isUuid, MAX_TEXT, refuse, RefusalError, type Result } from "../result";
import { replayed, rememberResult } from "../idempotency";
import { runInTx } from "../run";
import { isWindowOpen } from "./window";
import { renderTemplate } from "../templates/render";

export interface ReplyInput {
  memberId: string;
  conversationId: string;
  text?: string;
  template?: { templateId: string; params: string[] };
  /**
   * The newest message id the member saw when they began the draft (null: none). When newer
   * messages arrived since, the send is held ("No stale replies", SPEC §1). Omit to skip.
   */
  basedOnMessageId?: string | null;
  /** quote a message of this conversation (context.message_id) */
  replyToWamid?: string;
  /** the client's key for this send: a second call with it returns the first one's result */
  idempotencyKey?: string;
  now?: Date;
}

export type ReplyValue = { conversationId: string; messageId: string; state: string; pickedUp: boolean };

/**
 * A member's reply (T5 picks up an Open conversation, T13 on their own Assigned one). The message
 * is committed as `queued` together with the state change; the outbox worker sends it.
 */
export async function reply(db: Db, input: ReplyInput): Promise<Result<ReplyValue>> {
  const now = input.now ?? new Date();
  const text = input.text?.trim() ?? "";
  if (!input.template) {
    if (!text) return refuse("invalid_input", "Write a message first.");
    if (text.length > MAX_TEXT)
      return refuse(
        "invalid_input",
        `A WhatsApp message can be at most ${MAX_TEXT} characters (this one has ${text.length}).`,
      );
  } else if (!isUuid(input.template.templateId)) {
    return refuse("invalid_input", "Choose a template.");
  }

  return runInTx(
    db,
    async (tx, events) => {
      const actor = await loadActiveMember(tx, input.memberId);
      const action = `reply:${actor.id}:${input.conversationId}`;
      const prior = await replayed<ReplyValue>(tx, actor.businessId, input.idempotencyKey, action);
      if (prior) return prior;
      const conv = await lockConversation(tx, actor.businessId, input.conversationId);
      const d = decide(conv.state, "reply", {
        kind: "member",
        role: actor.role,
        isAssignee: conv.assigneeId === actor.id,
      });
      if (!d.ok) throw new RefusalError(await describeRefusal(tx, conv, d.code, now));

      if (
        input.basedOnMessageId !== undefined &&
        conv.lastMessageId &&
        conv.lastMessageId !== input.basedOnMessageId
      ) {
        throw new RefusalError(
          refuse("stale", "New messages arrived while you were writing. Read them, then press Send again.", {
            lastMessageId: conv.lastMessageId,
          }),
        );
      }

      let body = text;
      let type = "text";
      let payload: Record<string, unknown> | null = null;
      if (input.template) {
        const [t] = await tx
          .select()
          .from(templates)
          .where(
            and(eq(templates.id, input.template.templateId), eq(templates.businessId, actor.businessId)),
          );
        if (!t) throw new RefusalError(refuse("not_found", "Template not found."));
        const rendered = renderTemplate(t.body, input.template.params);
        if (!rendered.ok) throw new RefusalError(refuse("invalid_input", rendered.message));
        body = rendered.text;
        type = "template";
        payload = { template: { name: t.name, language: t.language, params: input.template.params } };
      } else if (!isWindowOpen(conv, now)) {
        throw new RefusalError(
          refuse(
            "window_closed",
            "The 24-hour window is closed: the customer last wrote over 24 hours ago. Send a template instead.",
          ),
        );
      }

      const [customer] = await tx.select().from(customers).where(eq(customers.id, conv.customerId));
      const [msg] = await tx
        .insert(messages)
        .values({
          businessId: conv.businessId,
          numberId: conv.numberId,
          customerId: customer.id,
          conversationId: conv.id,
          direction: "outbound",
          type,
          body,
          payload,
          status: "queued",
          replyToWamid: input.replyToWamid ?? null,
          authorId: actor.id,
          sentAt: now,
          nextAttemptAt: now,
          statusAt: now,
          createdAt: now,
        })
        .returning({ id: messages.id });

      const activity = {
        lastActivityAt: now,
        lastMessagePreview: previewOf(type, body),
        lastMessageId: msg.id,
        updatedAt: now,
        ...(conv.firstReplyAt ? {} : { firstReplyAt: now }),
      };
      const pickedUp = conv.state !== d.to;
      if (pickedUp) {
        events.push(
          await applyStateChange(tx, conv, {
            to: d.to,
            assigneeId: actor.id,
            timeline: d.timeline!,
            actorId: actor.id,
            now,
            extra: activity,
          }),
        );
      } else {
        await tx.update(conversations).set(activity).where(eq(conversations.id, conv.id));
      }
      const seq = await reserveSeq(tx, conv.businessId, 1);
      events.push({
        type: "message.created",
        businessId: conv.businessId,
        seq,
        conversationId: conv.id,
        messageId: msg.id,
        direction: "outbound",
        at: now.toISOString(),
      });
      const value = { conversationId: conv.id, messageId: msg.id, state: d.to, pickedUp };
      await rememberResult(tx, actor.businessId, input.idempotencyKey, value);
      return value;
    },
    () => hooks().outboxKick?.(),
  );
}
