import { can, type Role } from "./roles";

/**
 * The conversation lifecycle of SPEC §1 as data: every (state × event) cell is decided here,
 * and TypeScript's `satisfies` makes a missing cell a compile error. No I/O in this module.
 */
export const STATES = ["open", "assigned", "closed"] as const;
export type State = (typeof STATES)[number];

export const EVENTS = [
  "customer_message",
  "reply",
  "pick_up",
  "assign",
  "take_over",
  "reassign",
  "auto_close",
  "resolve",
  "return_to_open",
] as const;
export type ConversationEvent = (typeof EVENTS)[number];

export const CLOSED_REASONS = ["resolved", "inactivity"] as const;
export type ClosedReason = (typeof CLOSED_REASONS)[number];

/** What a transition does to the assignee. */
type AssigneeEffect = "keep" | "actor" | "target" | "none";

/** Who may cause the event. */
type Who =
  | "customer" // only a customer message
  | "system" // only the server (the auto-close sweep)
  | "member" // any active member of the business
  | "assignee" // only the current assignee (replying on Assigned)
  | "assignee_or_manager" // the assignee, or manager and above
  | "manager"; // manager and above

export const TIMELINE_KINDS = [
  "opened",
  "reopened",
  "picked_up",
  "replied",
  "assigned",
  "taken_over",
  "reassigned",
  "resolved",
  "closed_inactivity",
  "returned_to_open",
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

type Allowed = {
  ok: true;
  rule: string;
  to: State;
  who: Who;
  assignee: AssigneeEffect;
  closedReason?: ClosedReason;
  /** Timeline event to record; undefined when the state does not change (T3, T4, T13). */
  timeline?: TimelineKind;
};
export const REFUSALS = [
  "closed_no_reply", // reply to a Closed conversation
  "not_assignee", // acting on someone else's Assigned conversation
  "not_open", // pick up / assign when not Open
  "not_assigned", // take over / reassign / auto-close when not Assigned
  "already_closed",
  "forbidden", // role too low
  "customer_only",
  "system_only",
] as const;
export type RefusalCode = (typeof REFUSALS)[number];
type Refused = { ok: false; code: RefusalCode };
type Cell = Allowed | Refused;

const refuse = (code: RefusalCode): Refused => ({ ok: false, code });

/** The complete table of SPEC §1. Anything not allowed here is refused. */
export const TRANSITIONS = {
  open: {
    customer_message: { ok: true, rule: "T3", to: "open", who: "customer", assignee: "keep" },
    reply: { ok: true, rule: "T5", to: "assigned", who: "member", assignee: "actor", timeline: "picked_up" },
    pick_up: {
      ok: true,
      rule: "T6",
      to: "assigned",
      who: "member",
      assignee: "actor",
      timeline: "picked_up",
    },
    assign: {
      ok: true,
      rule: "T7",
      to: "assigned",
      who: "manager",
      assignee: "target",
      timeline: "assigned",
    },
    take_over: refuse("not_assigned"),
    reassign: refuse("not_assigned"),
    auto_close: refuse("not_assigned"),
    resolve: {
      ok: true,
      rule: "T12",
      to: "closed",
      who: "manager",
      assignee: "none",
      closedReason: "resolved",
      timeline: "resolved",
    },
    return_to_open: refuse("not_assigned"),
  },
  assigned: {
    customer_message: { ok: true, rule: "T4", to: "assigned", who: "customer", assignee: "keep" },
    reply: { ok: true, rule: "T13", to: "assigned", who: "assignee", assignee: "keep" },
    pick_up: refuse("not_open"),
    assign: refuse("not_open"),
    take_over: {
      ok: true,
      rule: "T8",
      to: "assigned",
      who: "manager",
      assignee: "actor",
      timeline: "taken_over",
    },
    reassign: {
      ok: true,
      rule: "T9",
      to: "assigned",
      who: "manager",
      assignee: "target",
      timeline: "reassigned",
    },
    auto_close: {
      ok: true,
      rule: "T10",
      to: "closed",
      who: "system",
      assignee: "none",
      closedReason: "inactivity",
      timeline: "closed_inactivity",
    },
    resolve: {
      ok: true,
      rule: "T11",
      to: "closed",
      who: "assignee_or_manager",
      assignee: "none",
      closedReason: "resolved",
      timeline: "resolved",
    },
    return_to_open: {
      ok: true,
      rule: "T14",
      to: "open",
      who: "assignee_or_manager",
      assignee: "none",
      timeline: "returned_to_open",
    },
  },
  closed: {
    customer_message: {
      ok: true,
      rule: "T2",
      to: "open",
      who: "customer",
      assignee: "none",
      timeline: "reopened",
    },
    reply: refuse("closed_no_reply"),
    pick_up: refuse("not_open"),
    assign: refuse("not_open"),
    take_over: refuse("not_assigned"),
    reassign: refuse("not_assigned"),
    auto_close: refuse("already_closed"),
    resolve: refuse("already_closed"),
    return_to_open: refuse("already_closed"),
  },
} as const satisfies Record<State, Record<ConversationEvent, Cell>>;

export type Actor =
  | { kind: "customer" }
  | { kind: "system" }
  | { kind: "member"; role: Role; isAssignee: boolean };

export type Decision =
  | {
      ok: true;
      rule: string;
      to: State;
      assignee: AssigneeEffect;
      closedReason?: ClosedReason;
      timeline?: TimelineKind;
    }
  | { ok: false; code: RefusalCode };

function permitted(who: Who, actor: Actor): RefusalCode | null {
  switch (who) {
    case "customer":
      return actor.kind === "customer" ? null : "customer_only";
    case "system":
      return actor.kind === "system" ? null : "system_only";
    case "member":
      return actor.kind === "member" ? null : "forbidden";
    case "assignee":
      return actor.kind === "member" && actor.isAssignee ? null : "not_assignee";
    case "assignee_or_manager":
      if (actor.kind !== "member") return "forbidden";
      return actor.isAssignee || can(actor.role, "conversation.manage_any") ? null : "not_assignee";
    case "manager":
      return actor.kind === "member" && can(actor.role, "conversation.manage_any") ? null : "forbidden";
  }
}

/** Decide what `event` by `actor` does to a conversation in `state`. Pure. */
export function decide(state: State, event: ConversationEvent, actor: Actor): Decision {
  const cell: Cell = TRANSITIONS[state][event];
  if (!cell.ok) return cell;
  const refusal = permitted(cell.who, actor);
  if (refusal) return { ok: false, code: refusal };
  const { rule, to, assignee } = cell;
  const out: Decision = { ok: true, rule, to, assignee };
  if ("closedReason" in cell) out.closedReason = cell.closedReason;
  if ("timeline" in cell) out.timeline = cell.timeline;
  return out;
}
