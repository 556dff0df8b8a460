import { z } from "zod";
import { BULK_LIMIT } from "../services/dashboard/reassign";

const id = z.string().uuid();

export const bulkReassignSchema = z.object({
  conversationIds: z.array(id).min(1).max(BULK_LIMIT),
  targetMemberId: id,
});
/** toMemberId null: return them all to Open */
export const moveAllSchema = z.object({ fromMemberId: id, toMemberId: id.nullable() });
