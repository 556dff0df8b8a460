import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { originAllowed, TokenBucket } from "./event-guard";

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe("the socket Origin check", () => {
  it("accepts the page's own origin, and AUTH_URL's behind a proxy that rewrites Host", () => {
    expect(originAllowed(req({ host: "inbox.example.com", origin: "https://inbox.example.com" }))).toBe(true);
    expect(
      originAllowed(
        req({ host: "10.0.0.5:3000", origin: "https://inbox.example.com" }),
        "https://inbox.example.com/",
      ),
    ).toBe(true);
  });

  it("refuses another site, a look-alike host and opaque origins", () => {
    expect(originAllowed(req({ host: "inbox.example.com", origin: "https://evil.example" }))).toBe(false);
    expect(
      originAllowed(req({ host: "inbox.example.com", origin: "https://inbox.example.com.evil.example" })),
    ).toBe(false);
    expect(originAllowed(req({ host: "inbox.example.com", origin: "null" }))).toBe(false);
    expect(
      originAllowed(
        req({ host: "10.0.0.5:3000", origin: "https://evil.example" }),
        "https://inbox.example.com",
      ),
    ).toBe(false);
  });

  it("lets a request without Origin through to the handshake, which still needs a session", () => {
    expect(originAllowed(req({ host: "inbox.example.com" }))).toBe(true);
  });
});

describe("the per-socket token bucket", () => {
  it("allows a burst, then refills at its rate", () => {
    let t = 0;
    const b = new TokenBucket(3, 2, () => t);
    expect([b.take(), b.take(), b.take(), b.take()]).toEqual([true, true, true, false]);
    t += 500;
    expect([b.take(), b.take()]).toEqual([true, false]);
    t += 60_000;
    expect([b.take(), b.take(), b.take(), b.take()]).toEqual([true, true, true, false]);
  });
});
