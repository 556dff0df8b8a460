import { describe, expect, it } from "vitest";
import { countdown, longRelative, shortRelative } from "./format";

const now = new Date("2026-11-25T15:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);

describe("relative times", () => {
  it("compact list times", () => {
    expect(shortRelative(ago(10), now)).toBe("now");
    expect(shortRelative(ago(5 * 60), now)).toBe("5m");
    expect(shortRelative(ago(3 * 3600), now)).toBe("3h");
  });
  it("sentences", () => {
    expect(longRelative(ago(5), now)).toBe("just now");
    expect(longRelative(ago(120), now)).toBe("2 minutes ago");
    expect(longRelative(new Date(now.getTime() + 3 * 3600_000), now)).toBe("in 3 hours");
  });
  it("countdowns", () => {
    expect(countdown(new Date(now.getTime() + (47 * 60 + 59) * 60_000), now)).toBe("47h 59m");
    expect(countdown(new Date(now.getTime() + 12 * 60_000), now)).toBe("12m");
    expect(countdown(new Date(now.getTime() - 1000), now)).toBe("under a minute");
    expect(countdown(new Date(now.getTime() + 72 * 3600_000), now)).toBe("3d 0h");
  });
});
