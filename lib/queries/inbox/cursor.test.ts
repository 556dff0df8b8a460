import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";

describe("inbox cursors", () => {
  it("round-trip PostgreSQL's timestamp text and the id", () => {
    const c = { at: "2026-11-25 22:57:01.123456+00", id: "0b9c3f52-6c1e-4a5e-9c1d-2f3e4a5b6c7d" };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });
  it("read anything else as no cursor", () => {
    for (const bad of [
      null,
      undefined,
      "",
      "x",
      "e30",
      Buffer.from('["nope","not-a-uuid"]').toString("base64url"),
      "a".repeat(500),
    ]) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});
