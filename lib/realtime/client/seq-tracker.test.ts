import { describe, expect, it } from "vitest";
import { SeqTracker } from "./seq-tracker";

describe("SeqTracker", () => {
  it("accepts consecutive numbers, flags gaps and ignores repeats", () => {
    const t = new SeqTracker(10);
    expect(t.see(11)).toBe("ok");
    expect(t.see(12)).toBe("ok");
    expect(t.see(12)).toBe("stale");
    expect(t.see(9)).toBe("stale");
    expect(t.see(15)).toBe("gap");
    expect(t.current).toBe(15);
    expect(t.see(16)).toBe("ok");
  });
  it("starts from the first event when it had no number", () => {
    const t = new SeqTracker();
    expect(t.see(42)).toBe("ok");
    expect(t.see(44)).toBe("gap");
  });
  it("moves forward only on reset", () => {
    const t = new SeqTracker(5);
    t.reset(3);
    expect(t.current).toBe(5);
    t.reset(8);
    expect(t.see(9)).toBe("ok");
  });
});
