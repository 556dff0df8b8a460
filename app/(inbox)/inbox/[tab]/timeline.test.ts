import { describe, expect, it } from "vitest";
import type { ThreadEvent, ThreadMessage } from "@/lib/queries/inbox/types";
import { deliveryLabel, describeEvent, mergeTimeline } from "./timeline";

const ev = (kind: ThreadEvent["kind"], extra: Partial<ThreadEvent> = {}): ThreadEvent => ({
  id: kind,
  kind,
  actorName: "Maya Patel",
  fromAssigneeName: null,
  toAssigneeName: null,
  at: "2026-01-01T10:00:00.000Z",
  ...extra,
});

describe("timeline", () => {
  it("describes events the way people say them", () => {
    expect(describeEvent(ev("picked_up", { actorName: "Asha Rao" }))).toBe("Asha Rao picked this up");
    expect(
      describeEvent(ev("reassigned", { fromAssigneeName: "Asha Rao", toAssigneeName: "Ben Okafor" })),
    ).toBe("Maya Patel reassigned from Asha Rao to Ben Okafor");
    expect(describeEvent(ev("closed_inactivity", { actorName: null }))).toBe("Closed for inactivity");
    expect(describeEvent(ev("reopened", { actorName: null }))).toMatch(/^Reopened/);
    expect(describeEvent(ev("resolved", { actorName: "Ben Okafor" }))).toBe(
      "Ben Okafor marked this as resolved",
    );
  });
  it("interleaves by time, a state change before the message of the same instant, and drops 'opened'", () => {
    const m = (id: string, at: string) => ({ id, at }) as ThreadMessage;
    const items = mergeTimeline(
      [m("m1", "2026-01-01T09:00:00.000Z"), m("m2", "2026-01-01T10:00:00.000Z")],
      [ev("opened", { at: "2026-01-01T09:00:00.000Z" }), ev("picked_up")],
    );
    expect(items.map((i) => (i.kind === "message" ? i.message.id : i.event.kind))).toEqual([
      "m1",
      "picked_up",
      "m2",
    ]);
  });
  it("maps delivery states to the labels of SPEC §3", () => {
    expect(
      ["queued", "sending", "sent", "delivered", "read", "failed", "received"].map(deliveryLabel),
    ).toEqual(["Sending", "Sending", "Sent", "Delivered", "Read", "Failed", null]);
  });
});
