import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";

describe("inbox cursors", () => {
  it("round-trip PostgreSQL's timestamp text and the id", () => {
    const c = { at: "2026-11-25 22:57:01.123456+00", id: "0b9c3f52-6c1e-4a5e-9c1d-2f3e4a5b6c7d" };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    const leap = { at: "2024-02-29 23:59:59+05:30", id: c.id };
    expect(decodeCursor(encodeCursor(leap))).toEqual(leap);
  });
  it("read anything else as no cursor", () => {
    for (const bad of [
      null,
      undefined,
      "",
      "x",
      "e30",
      Buffer.from('["nope","not-a-uuid"]').toString("base64url"),
      // The right shape, but no real instant: PostgreSQL would fail the query on these.
      encodeCursor({ at: "2024-13-45 25:61:61+00", id: "0b9c3f52-6c1e-4a5e-9c1d-2f3e4a5b6c7d" }),
      encodeCursor({ at: "2023-02-29 10:00:00+00", id: "0b9c3f52-6c1e-4a5e-9c1d-2f3e4a5b6c7d" }),
      encodeCursor({ at: "0000-01-01 00:00:00+00", id: "0b9c3f52-6c1e-4a5e-9c1d-2f3e4a5b6c7d" }),
      "a".repeat(500),
    ]) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});
