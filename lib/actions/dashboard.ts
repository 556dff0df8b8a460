"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "../../db/client";
import { bulkReassign, moveAllAssigned } from "../services/dashboard/reassign";
import { withMember } from "./action-result";
import { bulkReassignSchema, moveAllSchema } from "./dashboard.validation";

const invalid = { ok: false as const, code: "invalid_input", message: "Select conversations and a member." };

export async function bulkReassignAction(input: unknown) {
  return withMember("dashboard.bulk_reassign", async (me) => {
    const p = bulkReassignSchema.safeParse(input);
    if (!p.success) return invalid;
    const r = await bulkReassign(getDb(), { actorId: me.id, ...p.data });
    revalidatePath("/dashboard");
    return r;
  });
}

export async function moveAllAssignedAction(input: unknown) {
  return withMember("dashboard.bulk_reassign", async (me) => {
    const p = moveAllSchema.safeParse(input);
    if (!p.success) return invalid;
    const r = await moveAllAssigned(getDb(), { actorId: me.id, ...p.data });
    revalidatePath("/dashboard");
    return r;
  });
}
