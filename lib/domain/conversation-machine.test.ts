import { describe, expect, it } from "vitest";
import {
  decide,
  EVENTS,
  STATES,
  type Actor,
  type ConversationEvent,
  type State,
} from "./conversation-machine";
import { ROLES } from "./roles";

/**
 * An independent reading of SPEC §1–2, written as plain conditions rather than a table, so the
 * table in conversation-machine.ts is checked against a second statement of the rules.
 */
function expected(state: State, event: ConversationEvent, actor: Actor): { to: State; rule: string } | null {
  const isMember = actor.kind === "member";
  const manager = isMember && actor.role !== "agent";
  const assignee = isMember && actor.isAssignee;
  if (event === "customer_message") {
    if (actor.kind !== "customer") return null;
    return {
      open: { to: "open", rule: "T3" },
      assigned: { to: "assigned", rule: "T4" },
      closed: { to: "open", rule: "T2" },
    }[state] as {
      to: State;
      rule: string;
    };
  }
  if (event === "auto_close")
    return actor.kind === "system" && state === "assigned" ? { to: "closed", rule: "T10" } : null;
  if (!isMember) return null;
  switch (event) {
    case "reply":
      if (state === "open") return { to: "assigned", rule: "T5" };
      if (state === "assigned" && assignee) return { to: "assigned", rule: "T13" };
      return null;
    case "pick_up":
      return state === "open" ? { to: "assigned", rule: "T6" } : null;
    case "assign":
      return state === "open" && manager ? { to: "assigned", rule: "T7" } : null;
    case "take_over":
      return state === "assigned" && manager ? { to: "assigned", rule: "T8" } : null;
    case "reassign":
      return state === "assigned" && manager ? { to: "assigned", rule: "T9" } : null;
    case "resolve":
      if (state === "assigned" && (assignee || manager)) return { to: "closed", rule: "T11" };
      if (state === "open" && manager) return { to: "closed", rule: "T12" };
      return null;
    case "return_to_open":
      return state === "assigned" && (assignee || manager) ? { to: "open", rule: "T14" } : null;
  }
}

const actors: Actor[] = [
  { kind: "customer" },
  { kind: "system" },
  ...ROLES.flatMap((role) => [
    { kind: "member" as const, role, isAssignee: false },
    { kind: "member" as const, role, isAssignee: true },
  ]),
];

const label = (a: Actor) => (a.kind === "member" ? `${a.role}${a.isAssignee ? " (assignee)" : ""}` : a.kind);

describe("conversation machine: every (state × event × actor) cell", () => {
  const cells = STATES.flatMap((s) => EVENTS.flatMap((e) => actors.map((a) => [s, e, a] as const)));

  it("covers 3 states × 9 events × 10 actors", () => {
    expect(cells).toHaveLength(3 * 9 * 10);
  });

  it.each(cells.map(([s, e, a]) => [s, e, label(a), a] as const))(
    "%s + %s by %s",
    (state, event, _label, actor) => {
      const want = expected(state, event, actor);
      const got = decide(state, event, actor);
      if (want === null) {
        expect(got.ok).toBe(false);
      } else {
        expect(got).toMatchObject({ ok: true, to: want.to, rule: want.rule });
      }
    },
  );
});

describe("conversation machine: effects", () => {
  const agent: Actor = { kind: "member", role: "agent", isAssignee: false };
  const manager: Actor = { kind: "member", role: "manager", isAssignee: false };

  it("a reply picks up an Open conversation for the one who replies, and records it", () => {
    expect(decide("open", "reply", agent)).toMatchObject({ assignee: "actor", timeline: "picked_up" });
  });
  it("a customer message reopens a Closed conversation unassigned", () => {
    expect(decide("closed", "customer_message", { kind: "customer" })).toMatchObject({
      to: "open",
      assignee: "none",
      timeline: "reopened",
    });
  });
  it("assign and reassign go to the chosen member; take over to the manager", () => {
    expect(decide("open", "assign", manager)).toMatchObject({ assignee: "target" });
    expect(decide("assigned", "reassign", manager)).toMatchObject({ assignee: "target" });
    expect(decide("assigned", "take_over", manager)).toMatchObject({ assignee: "actor" });
  });
  it("auto-close and resolve carry their reasons", () => {
    expect(decide("assigned", "auto_close", { kind: "system" })).toMatchObject({
      closedReason: "inactivity",
    });
    expect(decide("open", "resolve", manager)).toMatchObject({ closedReason: "resolved" });
  });
  it("refusals carry a code that says why", () => {
    expect(decide("closed", "reply", agent)).toEqual({ ok: false, code: "closed_no_reply" });
    expect(decide("assigned", "reply", agent)).toEqual({ ok: false, code: "not_assignee" });
    expect(decide("open", "assign", agent)).toEqual({ ok: false, code: "forbidden" });
    expect(decide("assigned", "take_over", agent)).toEqual({ ok: false, code: "forbidden" });
  });
  it("customer messages never change who is assigned (T3/T4) and make no timeline event", () => {
    expect(decide("assigned", "customer_message", { kind: "customer" })).toEqual({
      ok: true,
      rule: "T4",
      to: "assigned",
      assignee: "keep",
    });
  });
});
