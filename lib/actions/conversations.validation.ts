import { z } from "zod";
import { storableText } from "../validation/storable-text";
import { idempotencyKeySchema } from "../services/idempotency";

const id = z.string().uuid();

export const conversationIdSchema = z.object({ conversationId: id });
export type ConversationIdInput = z.infer<typeof conversationIdSchema>;

export const targetSchema = z.object({ conversationId: id, targetMemberId: id });
export type TargetInput = z.infer<typeof targetSchema>;

export const replySchema = z
  .object({
    conversationId: id,
    text: storableText().max(8000).optional(),
    template: z.object({ templateId: id, params: z.array(storableText().max(1024)).max(20) }).optional(),
    /** the newest message id the member saw when the draft began (null: none yet) */
    basedOnMessageId: id.nullable(),
    /** one per draft send attempt, reused when the same draft is sent again */
    idempotencyKey: idempotencyKeySchema.optional(),
  })
  .refine((v) => (v.text !== undefined) !== (v.template !== undefined), {
    message: "Send either text or a template.",
  });
export type ReplyActionInput = z.infer<typeof replySchema>;
