"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "../../db/client";
import { retryDeadWebhookItem } from "../services/settings/failed-webhooks";
import { withMember } from "./action-result";

const retrySchema = z.object({ itemId: z.string().uuid() });

/** Settings → Failed webhook updates → Retry. The role is checked again in the service. */
export async function retryDeadWebhookItemAction(input: unknown) {
  return withMember("settings.manage", async (me) => {
    const p = retrySchema.safeParse(input);
    if (!p.success)
      return {
        ok: false as const,
        code: "invalid_input",
        message: "That request was not understood. Reload and try again.",
      };
    const r = await retryDeadWebhookItem(getDb(), { actorId: me.id, itemId: p.data.itemId });
    revalidatePath("/settings");
    return r;
  });
}
