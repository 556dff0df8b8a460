import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { prepareRequest } from "./prepare-request";

function run(headers: Record<string, string>, trustProxy: number) {
  const req = {
    headers: { ...headers },
    socket: { remoteAddress: "10.0.0.9" },
  } as unknown as IncomingMessage;
  const set: Record<string, string> = {};
  const res = { setHeader: (n: string, v: string) => (set[n] = v) } as unknown as ServerResponse;
  prepareRequest(req, res, trustProxy);
  return { headers: req.headers, set };
}

describe("every request before Next.js", () => {
  const forged = {
    "x-forwarded-proto": "https",
    "x-forwarded-for": "1.2.3.4",
    "x-forwarded-host": "evil.test",
  };

  it("drops a client's X-Forwarded-* headers when no proxy is trusted, and keys on the socket", () => {
    const { headers, set } = run({ ...forged, "x-switchboard-client-ip": "6.6.6.6" }, 0);
    expect(headers["x-forwarded-proto"]).toBeUndefined();
    expect(headers["x-forwarded-host"]).toBeUndefined();
    expect(headers["x-forwarded-for"]).toBeUndefined();
    expect(headers["x-switchboard-client-ip"]).toBe("10.0.0.9");
    expect(headers["x-switchboard-https"]).toBe("0");
    expect(set["strict-transport-security"]).toBeUndefined();
    expect(set["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("believes one trusted proxy: its client address, its protocol, HSTS", () => {
    const { headers, set } = run(forged, 1);
    expect(headers["x-forwarded-proto"]).toBe("https");
    expect(headers["x-switchboard-client-ip"]).toBe("1.2.3.4");
    expect(headers["x-switchboard-https"]).toBe("1");
    expect(set["strict-transport-security"]).toContain("max-age=");
  });
});
