import { mkdtempSync, readFileSync } from "node:fs";
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
    expect(parseConfig({ DATA_DIR: dir(), WHATSAPP_ACCESS_TOKEN: "EAAB" }).simulator).toBe(false);
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
