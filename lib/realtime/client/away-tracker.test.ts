import { describe, expect, it } from "vitest";
import { AWAY_AFTER_MS, isAway } from "./away-tracker";

describe("away", () => {
  const now = 1_000_000_000;
  it("a visible page used a moment ago is active", () => {
    expect(isAway({ hidden: false, lastInputAt: now - 1000, now })).toBe(false);
  });
  it("a hidden page is away at once", () => {
    expect(isAway({ hidden: true, lastInputAt: now, now })).toBe(true);
  });
  it("five idle minutes make a visible page away", () => {
    expect(isAway({ hidden: false, lastInputAt: now - AWAY_AFTER_MS + 1, now })).toBe(false);
    expect(isAway({ hidden: false, lastInputAt: now - AWAY_AFTER_MS, now })).toBe(true);
  });
});
