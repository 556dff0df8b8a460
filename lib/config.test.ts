import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

const dir = () => mkdtempSync(join(tmpdir(), "sb-config-"));

describe("configuration", () => {
  it("uses SPEC defaults and generates secrets once into the data dir", () => {
    const d = dir();
    const a = parseConfig({ DATA_DIR: d });
    expect(a).toMatchObject({
      port: 3000,
      autoCloseAfterMinutes: 2880,
      autoCloseSweepSeconds: 60,
      simulator: true,
    });
    expect(a.whatsappGraphUrl).toMatch(/^https:\/\/graph\.facebook\.com\/v\d+\.0$/);
    const b = parseConfig({ DATA_DIR: d });
    expect(b.authSecret).toBe(a.authSecret);
    expect(readFileSync(join(d, "whatsapp-app-secret.secret"), "utf8")).toBe(a.whatsappAppSecret);
  });

  it("turns the simulator off when a Cloud API token is set", () => {
    expect(
      parseConfig({ DATA_DIR: dir(), WHATSAPP_ACCESS_TOKEN: "EAAB", WHATSAPP_APP_SECRET: "meta-secret" })
        .simulator,
    ).toBe(false);
  });

  it.each([
    ["AUTO_CLOSE_SWEEP_SECONDS", "-5"],
    ["AUTO_CLOSE_SWEEP_SECONDS", "abc"],
    ["AUTO_CLOSE_AFTER_MINUTES", "0"],
    ["PORT", "70000"],
    ["DATABASE_URL", "not a url"],
    ["REDIS_URL", "::::"],
  ])("%s=%s is refused with a message naming it", (name, value) => {
    expect(() => parseConfig({ DATA_DIR: dir(), [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ DATA_DIR: dir(), [name]: value })).toThrow(name);
  });
});

describe("TRUST_PROXY", () => {
  it("defaults to 0: no proxy is trusted", () => {
    expect(parseConfig({ DATA_DIR: dir() }).trustProxy).toBe(0);
    expect(parseConfig({ DATA_DIR: dir(), TRUST_PROXY: "" }).trustProxy).toBe(0);
  });

  it("takes the number of proxies to trust", () => {
    expect(parseConfig({ DATA_DIR: dir(), TRUST_PROXY: "2" }).trustProxy).toBe(2);
  });

  it.each(["-1", "true", "1.5", "11"])("TRUST_PROXY=%s is refused with a message naming it", (v) => {
    expect(() => parseConfig({ DATA_DIR: dir(), TRUST_PROXY: v })).toThrow(/TRUST_PROXY/);
  });
});

describe("configuration that would pass but break a real deployment", () => {
  it("refuses a Cloud API token without the app secret, naming WHATSAPP_APP_SECRET", () => {
    const d = dir();
    expect(() => parseConfig({ DATA_DIR: d, WHATSAPP_ACCESS_TOKEN: "EAAB" })).toThrow(ConfigError);
    expect(() => parseConfig({ DATA_DIR: d, WHATSAPP_ACCESS_TOKEN: "EAAB" })).toThrow(
      /^WHATSAPP_APP_SECRET is required when WHATSAPP_ACCESS_TOKEN is set/,
    );
    // Nothing was generated in its place.
    expect(existsSync(join(d, "whatsapp-app-secret.secret"))).toBe(false);
  });

  it("turns the test-only routes on only with SWITCHBOARD_E2E=1", () => {
    expect(parseConfig({ DATA_DIR: dir() }).e2eRoutes).toBe(false);
    expect(parseConfig({ DATA_DIR: dir(), SWITCHBOARD_E2E: "0" }).e2eRoutes).toBe(false);
    // The end-to-end suite's own setup: the built app (NODE_ENV=production) on the embedded database.
    expect(
      parseConfig({ DATA_DIR: dir(), SWITCHBOARD_E2E: "1", NODE_ENV: "production", DATABASE_URL: "" })
        .e2eRoutes,
    ).toBe(true);
    expect(
      parseConfig({
        DATA_DIR: dir(),
        SWITCHBOARD_E2E: "1",
        DATABASE_URL: "postgres://localhost/sb_e2e",
        SWITCHBOARD_E2E_ALLOW_DATABASE: "1",
      }).e2eRoutes,
    ).toBe(true);
  });

  it.each([
    [{ WHATSAPP_ACCESS_TOKEN: "EAAB", WHATSAPP_APP_SECRET: "s" }, "WHATSAPP_ACCESS_TOKEN"],
    [{ DATABASE_URL: "postgres://db.internal/switchboard" }, "DATABASE_URL"],
    [{ AUTH_URL: "https://inbox.example.com" }, "AUTH_URL"],
  ])("refuses SWITCHBOARD_E2E=1 on a production setup (%j)", (env, named) => {
    const run = () => parseConfig({ DATA_DIR: dir(), SWITCHBOARD_E2E: "1", ...env });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/^SWITCHBOARD_E2E=1 enables test-only routes/);
    expect(run).toThrow(named);
  });

  it.each([["yes"], ["true"], [" 1"]])("refuses SWITCHBOARD_E2E=%j rather than guess", (v) => {
    expect(() => parseConfig({ DATA_DIR: dir(), SWITCHBOARD_E2E: v })).toThrow(/SWITCHBOARD_E2E/);
  });

  it("takes an optional HEALTH_TOKEN and refuses a guessable one", () => {
    expect(parseConfig({ DATA_DIR: dir() }).healthToken).toBeUndefined();
    expect(parseConfig({ DATA_DIR: dir(), HEALTH_TOKEN: "h".repeat(32) }).healthToken).toBe("h".repeat(32));
    expect(() => parseConfig({ DATA_DIR: dir(), HEALTH_TOKEN: "short" })).toThrow(/HEALTH_TOKEN/);
  });
});
