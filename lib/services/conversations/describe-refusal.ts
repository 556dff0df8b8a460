import { desc, eq } from "drizzle-orm";
import type { RefusalCode as MachineRefusal } from "../../domain/conversation-machine";
import type { DbOrTx } from "../../../db/client";
import { conversationEvents, type Conversation } from "../../../db/schema";
import { memberName } from "./load";
import { refuse, type Refusal } from "../result";

function ago(then: Date, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (s < 120) return "a moment ago";
  if (s < 3600) return `${Math.round(s / 60)} minutes ago`;
  if (s < 86400) return `${Math.round(s / 3600)} hours ago`;
  return `${Math.round(s / 86400)} days ago`;
}

/**
 * Turn a refusal from the state machine into a sentence naming what happened, read from the
 * conversation's latest timeline event ("Ben Okafor picked this up a moment ago").
 */
export async function describeRefusal(
  tx: DbOrTx,
  conv: Conversation,
  code: MachineRefusal,
  now: Date,
): Promise<Refusal> {
  if (code === "forbidden") return refuse("forbidden", "Only managers, admins and owners can do that.");
  if (code === "closed_no_reply" && conv.state === "closed")
    return refuse(
      "closed_no_reply",
      await lastHappened(tx, conv, now, "This conversation is closed — it reopens when the customer writes."),
    );
  const what = await lastHappened(tx, conv, now, null);
  const assignee = await memberName(tx, conv.assigneeId);
  const fallback: Record<string, string> = {
    not_assignee: `Assigned to ${assignee} — take over to reply.`,
    not_open: conv.state === "assigned" ? `Already assigned to ${assignee}.` : "This conversation is closed.",
    not_assigned:
      conv.state === "open" ? "This conversation is no longer assigned." : "This conversation is closed.",
    already_closed: "This conversation is already closed.",
  };
  const mapped: Record<string, Refusal["code"]> = {
    not_assignee: "not_assignee",
    not_open: "not_open",
    not_assigned: "not_assigned",
    already_closed: "already_closed",
    closed_no_reply: "closed_no_reply",
  };
  return refuse(mapped[code] ?? "forbidden", what ?? fallback[code] ?? "That is not possible right now.", {
    state: conv.state,
    assigneeId: conv.assigneeId,
    assigneeName: assignee,
  });
}

async function lastHappened<T extends string | null>(tx: DbOrTx, conv: Conversation, now: Date, fallback: T) {
  const [e] = await tx
    .select()
    .from(conversationEvents)
    .where(eq(conversationEvents.conversationId, conv.id))
    .orderBy(desc(conversationEvents.ordinal))
    .limit(1);
  if (!e) return fallback;
  const actor = (await memberName(tx, e.actorId)) ?? "Someone";
  const to = await memberName(tx, e.toAssigneeId);
  const when = ago(e.createdAt, now);
  switch (e.kind) {
    case "picked_up":
      return `${actor} picked this up ${when}.`;
    case "assigned":
      return `${actor} assigned this to ${to} ${when}.`;
    case "reassigned":
      return `${actor} reassigned this to ${to} ${when}.`;
    case "taken_over":
      return `${actor} took this over ${when}.`;
    case "resolved":
      return `${actor} resolved this ${when}. It reopens when the customer writes.`;
    case "closed_inactivity":
      return `This was closed for inactivity ${when}. It reopens when the customer writes.`;
    case "returned_to_open":
      return `${actor} returned this to Open ${when}.`;
    default:
      return fallback;
  }
}
