import { describe, expect, it } from "vitest";
import { availableActions, composerMode } from "./composer-state";

const now = new Date("2026-11-25T12:00:00Z");
const inWindow = new Date(now.getTime() + 3600_000).toISOString();
const asha = { id: "asha", role: "agent" as const };
const maya = { id: "maya", role: "manager" as const };

describe("composerMode", () => {
  it("explains why a member may not reply, in the words of the spec", () => {
    expect(
      composerMode(
        { state: "assigned", assigneeId: "ben", assigneeName: "Ben Okafor", windowClosesAt: inWindow },
        asha,
        now,
      ),
    ).toEqual({
      kind: "disabled",
      reason: "Assigned to Ben Okafor — take over to reply",
    });
    expect(
      composerMode(
        { state: "closed", assigneeId: null, assigneeName: null, windowClosesAt: inWindow },
        asha,
        now,
      ),
    ).toEqual({
      kind: "disabled",
      reason: "This conversation is closed — it reopens when the customer writes",
    });
  });
  it("offers text inside the 24-hour window and only templates outside it", () => {
    expect(
      composerMode(
        { state: "open", assigneeId: null, assigneeName: null, windowClosesAt: inWindow },
        asha,
        now,
      ),
    ).toEqual({
      kind: "text",
      windowLeftMs: 3600_000,
    });
    expect(
      composerMode(
        { state: "assigned", assigneeId: "asha", assigneeName: "Asha Rao", windowClosesAt: null },
        asha,
        now,
      ).kind,
    ).toBe("template");
    const past = new Date(now.getTime() - 1).toISOString();
    expect(
      composerMode({ state: "open", assigneeId: null, assigneeName: null, windowClosesAt: past }, asha, now)
        .kind,
    ).toBe("template");
  });
});

describe("availableActions", () => {
  it("never shows an agent Assign, Take over or Reassign", () => {
    for (const state of ["open", "assigned", "closed"] as const) {
      for (const assigneeId of [null, "asha", "ben"]) {
        const a = availableActions({ state, assigneeId }, asha);
        expect(a).not.toContain("assign");
        expect(a).not.toContain("takeOver");
        expect(a).not.toContain("reassign");
      }
    }
  });
  it("lets the assignee resolve or return their own, and nobody else's", () => {
    expect(availableActions({ state: "assigned", assigneeId: "asha" }, asha)).toEqual([
      "resolve",
      "returnToOpen",
    ]);
    expect(availableActions({ state: "assigned", assigneeId: "ben" }, asha)).toEqual([]);
    expect(availableActions({ state: "open", assigneeId: null }, asha)).toEqual(["pickUp"]);
  });
  it("gives managers the whole set", () => {
    expect(availableActions({ state: "open", assigneeId: null }, maya)).toEqual([
      "pickUp",
      "assign",
      "resolve",
    ]);
    expect(availableActions({ state: "assigned", assigneeId: "ben" }, maya)).toEqual([
      "takeOver",
      "reassign",
      "resolve",
      "returnToOpen",
    ]);
    expect(availableActions({ state: "assigned", assigneeId: "maya" }, maya)).toEqual([
      "reassign",
      "resolve",
      "returnToOpen",
    ]);
    expect(availableActions({ state: "closed", assigneeId: null }, maya)).toEqual([]);
  });
});
