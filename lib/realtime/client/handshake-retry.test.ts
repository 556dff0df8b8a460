import { describe, expect, it } from "vitest";
import { onConnectError, retryDelayMs } from "./handshake-retry";

describe("a page whose socket could not connect", () => {
  it("goes to sign-in only when the session is not good", () => {
    expect(onConnectError("unauthorized", false)).toBe("sign_in");
    expect(onConnectError("unavailable", false)).toBe("retry");
    expect(onConnectError("websocket error", true)).toBe("wait");
  });

  it("retries with a growing, capped delay", () => {
    expect(retryDelayMs(0, 1)).toBe(1000);
    expect(retryDelayMs(1, 1)).toBe(2000);
    expect(retryDelayMs(10, 1)).toBe(30_000);
    expect(retryDelayMs(0, 0)).toBe(500);
  });
});
