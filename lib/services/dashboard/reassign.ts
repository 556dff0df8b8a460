import { and, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { conversations, members } from "../../../db/schema";
import { applyStateChange } from "../conversations/apply";
import { assign, reassign } from "../conversations/transition";
import { isUuid, refuse, RefusalError, type Result } from "../result";
import { runInTx } from "../run";
import { loadActor } from "../members/actor";

export const BULK_LIMIT = 200;

export interface BulkReassignInput {
  actorId: string;
  conversationIds: string[];
  targetMemberId: string;
  now?: Date;
}

export type BulkOutcome = { moved: string[]; refused: { conversationId: string; message: string }[] };

/**
 * Reassign each selected conversation to one member through the ordinary transition service:
 * one transaction, one timeline event and one live event per conversation, so a conversation that
 * changed meanwhile (resolved, taken over) is refused on its own and the others still move.
 * An Open conversation in the selection is assigned (T7).
 */
export async function bulkReassign(db: Db, input: BulkReassignInput): Promise<Result<BulkOutcome>> {
  const ids = [...new Set(input.conversationIds)];
  if (!ids.length) return refuse("invalid_input", "Select at least one conversation.");
  if (ids.length > BULK_LIMIT)
    return refuse("invalid_input", `Select at most ${BULK_LIMIT} conversations at a time.`);
  const check = await runInTx(db, async (tx) => {
    const actor = await loadActor(tx, input.actorId, "dashboard.bulk_reassign");
    const [target] = isUuid(input.targetMemberId)
      ? await tx
          .select({ id: members.id })
          .from(members)
          .where(
            and(
              eq(members.id, input.targetMemberId),
              eq(members.businessId, actor.businessId),
              eq(members.active, true),
            ),
          )
      : [];
    if (!target) throw new RefusalError(refuse("invalid_target", "Choose an active member of your team."));
    return { businessId: actor.businessId };
  });
  if (!check.ok) return check;
  const out: BulkOutcome = { moved: [], refused: [] };
  for (const id of ids) {
    const [row] = isUuid(id)
      ? await db
          .select({ state: conversations.state })
          .from(conversations)
          .where(and(eq(conversations.id, id), eq(conversations.businessId, check.businessId)))
      : [];
    const args = {
      memberId: input.actorId,
      conversationId: id,
      targetMemberId: input.targetMemberId,
      now: input.now,
    };
    const r = row?.state === "open" ? await assign(db, args) : await reassign(db, args);
    if (r.ok) out.moved.push(id);
    else {
      // Losing one's own rights mid-way stops the batch; anything else skips one conversation.
      if (r.code === "inactive_member" || r.code === "forbidden")
        return out.moved.length ? { ok: true, ...out } : r;
      out.refused.push({ conversationId: id, message: r.message });
    }
  }
  return { ok: true, ...out };
}

export interface MoveAllInput {
  actorId: string;
  fromMemberId: string;
  /** null: return them all to Open */
  toMemberId: string | null;
  now?: Date;
}

/**
 * Everything a member has Assigned, returned to Open or moved to another member in one step:
 * one transaction, with a timeline event and a live event for each conversation.
 */
export function moveAllAssigned(db: Db, input: MoveAllInput) {
  const now = input.now ?? new Date();
  return runInTx(db, async (tx, events) => {
    const actor = await loadActor(tx, input.actorId, "dashboard.bulk_reassign");
    if (!isUuid(input.fromMemberId)) throw new RefusalError(refuse("not_found", "Member not found."));
    const [from] = await tx
      .select()
      .from(members)
      .where(and(eq(members.id, input.fromMemberId), eq(members.businessId, actor.businessId)));
    if (!from) throw new RefusalError(refuse("not_found", "Member not found."));
    let toId: string | null = null;
    if (input.toMemberId !== null) {
      const [to] = isUuid(input.toMemberId)
        ? await tx
            .select()
            .from(members)
            .where(
              and(
                eq(members.id, input.toMemberId),
                eq(members.businessId, actor.businessId),
                eq(members.active, true),
              ),
            )
        : [];
      if (!to) throw new RefusalError(refuse("invalid_target", "Choose an active member of your team."));
      if (to.id === from.id)
        throw new RefusalError(refuse("invalid_target", `These are already ${from.name}'s.`));
      toId = to.id;
    }
    const rows = await tx
      .select()
      .from(conversations)
      .where(
        and(
          eq(conversations.businessId, actor.businessId),
          eq(conversations.assigneeId, from.id),
          eq(conversations.state, "assigned"),
        ),
      )
      .orderBy(conversations.id)
      .for("update");
    for (const conv of rows) {
      events.push(
        await applyStateChange(tx, conv, {
          to: toId ? "assigned" : "open",
          assigneeId: toId,
          timeline: toId ? "reassigned" : "returned_to_open",
          actorId: actor.id,
          now,
        }),
      );
    }
    return { moved: rows.map((r) => r.id), toMemberId: toId };
  });
}
