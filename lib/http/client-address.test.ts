import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

describe("client address for sign-in throttling", () => {
  it("TRUST_PROXY=0 uses the socket's address and ignores X-Forwarded-For", () => {
    expect(clientAddress({ remoteAddress: "10.0.0.5", forwardedFor: "203.0.113.1", trustProxy: 0 })).toBe(
      "10.0.0.5",
    );
  });

  it("TRUST_PROXY=1 takes the entry the one trusted proxy appended (the rightmost)", () => {
    expect(
      clientAddress({ remoteAddress: "10.0.0.5", forwardedFor: "1.1.1.1, 203.0.113.1", trustProxy: 1 }),
    ).toBe("203.0.113.1");
  });

  it("TRUST_PROXY=2 takes the second from the right, so a client-sent entry is never trusted", () => {
    expect(
      clientAddress({
        remoteAddress: "10.0.0.5",
        forwardedFor: "6.6.6.6 , 203.0.113.1,10.0.0.9",
        trustProxy: 2,
      }),
    ).toBe("203.0.113.1");
  });

  it("several X-Forwarded-For headers count as one list", () => {
    expect(
      clientAddress({ remoteAddress: "10.0.0.5", forwardedFor: ["6.6.6.6", "203.0.113.1"], trustProxy: 1 }),
    ).toBe("203.0.113.1");
  });

  it("fewer entries than trusted proxies: the furthest one", () => {
    expect(clientAddress({ remoteAddress: "10.0.0.5", forwardedFor: "203.0.113.1", trustProxy: 3 })).toBe(
      "203.0.113.1",
    );
  });

  it("a missing or malformed header falls back to the socket's address", () => {
    expect(clientAddress({ remoteAddress: "10.0.0.5", forwardedFor: undefined, trustProxy: 1 })).toBe(
      "10.0.0.5",
    );
    expect(clientAddress({ remoteAddress: "10.0.0.5", forwardedFor: "not-an-ip", trustProxy: 1 })).toBe(
      "10.0.0.5",
    );
    expect(clientAddress({ remoteAddress: undefined, forwardedFor: undefined, trustProxy: 0 })).toBe(
      "unknown",
    );
  });

  it("IPv4-mapped IPv6 socket addresses read as the IPv4 address", () => {
    expect(clientAddress({ remoteAddress: "::ffff:10.0.0.5", forwardedFor: undefined, trustProxy: 0 })).toBe(
      "10.0.0.5",
    );
  });
});
