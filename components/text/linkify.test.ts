import { describe, expect, it } from "vitest";
import { linkify } from "./linkify";

describe("linkify", () => {
  it("keeps markup as plain text and finds links", () => {
    expect(linkify("<b>hi</b> see https://example.com/a?b=1.")).toEqual([
      { kind: "text", text: "<b>hi</b> see " },
      { kind: "link", text: "https://example.com/a?b=1", href: "https://example.com/a?b=1" },
      { kind: "text", text: "." },
    ]);
  });
  it("makes www. links https and keeps a parenthesis that belongs to the URL", () => {
    expect(linkify("www.x.org")).toEqual([{ kind: "link", text: "www.x.org", href: "https://www.x.org" }]);
    expect(linkify("https://en.wikipedia.org/wiki/A_(b)")[0]).toMatchObject({
      text: "https://en.wikipedia.org/wiki/A_(b)",
    });
  });
  it("never links javascript: or other schemes", () => {
    expect(linkify("javascript:alert(1) mailto:a@b.c").every((t) => t.kind === "text")).toBe(true);
  });
  it("leaves RTL text and emoji alone", () => {
    expect(linkify("مرحبا 👋🏽")).toEqual([{ kind: "text", text: "مرحبا 👋🏽" }]);
  });
});
