import { describe, expect, it } from "vitest";
import { pageContentSecurityPolicy } from "./page-csp";
import { cameOverHttps } from "./request-https";
import { siteHeaders } from "./site-headers";

const req = (headers: Record<string, string>, encrypted = false) =>
  ({ headers, socket: { encrypted } }) as unknown as Parameters<typeof cameOverHttps>[0];

describe("page Content-Security-Policy", () => {
  it("in production: nonce-only scripts, no unsafe-eval, no framing", () => {
    const csp = pageContentSecurityPolicy({ nonce: "abc", dev: false, https: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  it("allows unsafe-eval only for the development server", () => {
    expect(pageContentSecurityPolicy({ nonce: "n", dev: true, https: false })).toContain("'unsafe-eval'");
  });

  it("upgrades insecure requests only behind HTTPS", () => {
    expect(pageContentSecurityPolicy({ nonce: "n", dev: false, https: true })).toContain(
      "upgrade-insecure-requests",
    );
  });
});

describe("site-wide headers", () => {
  it("send HSTS only over HTTPS", () => {
    expect(siteHeaders({ https: false })["strict-transport-security"]).toBeUndefined();
    expect(siteHeaders({ https: true })["strict-transport-security"]).toMatch(/^max-age=\d+/);
    expect(siteHeaders({ https: false })).toMatchObject({
      "referrer-policy": "strict-origin-when-cross-origin",
      "x-content-type-options": "nosniff",
    });
    expect(siteHeaders({ https: false })["permissions-policy"]).toContain("camera=()");
  });

  it("trust X-Forwarded-Proto only with TRUST_PROXY, and only the trusted proxy's entry", () => {
    expect(cameOverHttps(req({}, true), 0)).toBe(true);
    expect(cameOverHttps(req({ "x-forwarded-proto": "https" }), 0)).toBe(false);
    expect(cameOverHttps(req({ "x-forwarded-proto": "https" }), 1)).toBe(true);
    // the client wrote "https", our one proxy appended what it really saw
    expect(cameOverHttps(req({ "x-forwarded-proto": "https, http" }), 1)).toBe(false);
    expect(cameOverHttps(req({ "x-forwarded-proto": "https, http" }), 2)).toBe(true);
  });
});
