"use server";

import { z } from "zod";
import { getDb } from "../../db/client";
import { idempotencyKeySchema } from "../services/idempotency";
import { retryFailedMessage } from "../services/messages/retry";
import { withMember } from "./action-result";

/** Retry a Failed outbound message (the service applies the reply rules of SPEC §1 now). */
export async function retryMessageAction(input: unknown) {
  return withMember("conversation.work_own", async (me) => {
    const p = z
      .object({ messageId: z.string(), idempotencyKey: idempotencyKeySchema.optional() })
      .safeParse(input);
    if (!p.success)
      return {
        ok: false as const,
        code: "invalid_input",
        message: "That request was not understood. Reload and try again.",
      };
    return retryFailedMessage(getDb(), {
      memberId: me.id,
      messageId: p.data.messageId,
      idempotencyKey: p.data.idempotencyKey,
    });
  });
}
