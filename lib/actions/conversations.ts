"use server";

import { getDb } from "../../db/client";
import { getConfig } from "../config";
import { listAssignableMembers } from "../queries/inbox/members";
import { markRead } from "../queries/inbox/reads";
import { reply } from "../services/conversations/reply";
import {
  assign,
  pickUp,
  reassign,
  resolve,
  returnToOpen,
  takeOver,
} from "../services/conversations/transition";
import { withMember, type ActionResult } from "./action-result";
import { conversationIdSchema, replySchema, targetSchema } from "./conversations.validation";

// Thin actions: the member comes from the database (withMember), the input through zod,
// and every decision is the service layer's, against the conversation as it is now.

const invalid = {
  ok: false as const,
  code: "invalid_input",
  message: "That request was not understood. Reload and try again.",
};

export async function replyAction(input: unknown) {
  return withMember("conversation.work_own", async (me) => {
    const p = replySchema.safeParse(input);
    if (!p.success) return invalid;
    return reply(getDb(), {
      memberId: me.id,
      conversationId: p.data.conversationId,
      text: p.data.text,
      template: p.data.template,
      basedOnMessageId: p.data.basedOnMessageId,
      idempotencyKey: p.data.idempotencyKey,
    });
  });
}

export async function pickUpAction(input: unknown) {
  return withMember("conversation.work_own", async (me) => {
    const p = conversationIdSchema.safeParse(input);
    if (!p.success) return invalid;
    return pickUp(getDb(), { memberId: me.id, conversationId: p.data.conversationId });
  });
}

export async function assignAction(input: unknown) {
  return withMember("conversation.manage_any", async (me) => {
    const p = targetSchema.safeParse(input);
    if (!p.success) return invalid;
    return assign(getDb(), { memberId: me.id, ...p.data });
  });
}

export async function reassignAction(input: unknown) {
  return withMember("conversation.manage_any", async (me) => {
    const p = targetSchema.safeParse(input);
    if (!p.success) return invalid;
    return reassign(getDb(), { memberId: me.id, ...p.data });
  });
}

export async function takeOverAction(input: unknown) {
  return withMember("conversation.manage_any", async (me) => {
    const p = conversationIdSchema.safeParse(input);
    if (!p.success) return invalid;
    return takeOver(getDb(), { memberId: me.id, conversationId: p.data.conversationId });
  });
}

export async function resolveAction(input: unknown) {
  return withMember("conversation.work_own", async (me) => {
    const p = conversationIdSchema.safeParse(input);
    if (!p.success) return invalid;
    return resolve(getDb(), { memberId: me.id, conversationId: p.data.conversationId });
  });
}

export async function returnToOpenAction(input: unknown) {
  return withMember("conversation.work_own", async (me) => {
    const p = conversationIdSchema.safeParse(input);
    if (!p.success) return invalid;
    return returnToOpen(getDb(), { memberId: me.id, conversationId: p.data.conversationId });
  });
}

/** The member has seen the conversation: their own unread count drops to zero. */
export async function markReadAction(input: unknown): Promise<ActionResult<{ read: boolean }>> {
  return withMember<{ read: boolean }>("conversation.view", async (me) => {
    const p = conversationIdSchema.safeParse(input);
    if (!p.success) return invalid;
    const ok = await markRead(getDb(), {
      businessId: me.businessId,
      memberId: me.id,
      conversationId: p.data.conversationId,
    });
    return ok
      ? { ok: true, read: true }
      : { ok: false, code: "not_found", message: "Conversation not found." };
  });
}

/** Active members with their load, for the Assign / Reassign picker. */
export async function assignableMembersAction() {
  return withMember("conversation.manage_any", async (me) => ({
    ok: true as const,
    members: await listAssignableMembers(getDb(), me.businessId),
    defaultAutoClose: getConfig().autoCloseAfterMinutes,
  }));
}
