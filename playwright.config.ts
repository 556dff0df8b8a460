import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { defineConfig, devices, type PlaywrightTestConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const DATA_DIR = process.env.E2E_DATA_DIR ?? ".data-e2e";
/** The embedded-database smoke server, beside the PostgreSQL one. */
const SMOKE_PORT = Number(process.env.E2E_SMOKE_PORT ?? PORT + 10);
export const E2E_APP_SECRET = "e2e-app-secret";
export const E2E_VERIFY_TOKEN = "e2e-verify-token";

/**
 * With a PostgreSQL server to test on (TEST_DATABASE_URL: `npm test` sets it when a local server
 * answers, CI always), the whole suite runs on PostgreSQL — where transactions really run side by
 * side, so the races are real — on a fresh database per run, and a short smoke runs on the
 * embedded database. Without one, the whole suite runs on the embedded database.
 */
const POSTGRES = process.env.TEST_DATABASE_URL || undefined;
// This file is loaded by the runner and again by every worker: the runner picks the name once
// and the workers inherit it through the environment.
process.env.E2E_DATABASE_NAME ??= `sb_e2e_${Date.now()}_${randomBytes(3).toString("hex")}`;
const E2E_DATABASE_NAME = process.env.E2E_DATABASE_NAME;
function e2eDatabaseUrl(base: string) {
  const url = new URL(base);
  url.pathname = `/${E2E_DATABASE_NAME}`;
  return url.toString();
}

// Playwright cannot download browsers here: use Debian's Chromium when it is installed,
// and fall back to Playwright's own browser where one is.
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

const desktop = { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 900 } };

/** The smoke on the embedded database: sign in, a customer writes, reply, reassign, resolve, race — all live. */
const SMOKE_SPECS = ["inbox-lifecycle.spec.ts", "inbox-race.spec.ts"];

const serverEnv = (port: number, dataDir: string) => ({
  NODE_ENV: "production",
  PORT: String(port),
  DATA_DIR: dataDir,
  DATABASE_URL: "",
  REDIS_URL: "",
  WHATSAPP_APP_SECRET: E2E_APP_SECRET,
  WHATSAPP_VERIFY_TOKEN: E2E_VERIFY_TOKEN,
  WHATSAPP_ACCESS_TOKEN: "",
  AUTO_CLOSE_SWEEP_SECONDS: "5",
  LOG_LEVEL: "warn",
  NEXT_TELEMETRY_DISABLED: "1",
  // Enables the test-only helpers under app/api/test (e.g. deactivating a throwaway member).
  SWITCHBOARD_E2E: "1",
});

const serverOptions = (port: number) => ({
  url: `http://127.0.0.1:${port}/api/health`,
  reuseExistingServer: false,
  timeout: 180_000,
  stdout: "ignore" as const,
  stderr: "pipe" as const,
});

/** The built app (`npm test` builds first) on a fresh embedded database, which it seeds itself. */
const embeddedServer = (port: number, dataDir: string) => ({
  command: `rm -rf ${dataDir} && npx tsx server.ts`,
  ...serverOptions(port),
  env: serverEnv(port, dataDir),
});

/** The built app on this run's fresh PostgreSQL database, migrated and seeded by the script first. */
const postgresServer = (base: string) => ({
  command: `rm -rf ${DATA_DIR} && npx tsx scripts/e2e-database.ts create && npx tsx server.ts`,
  ...serverOptions(PORT),
  env: {
    ...serverEnv(PORT, DATA_DIR),
    DATABASE_URL: e2eDatabaseUrl(base),
    E2E_POSTGRES_ADMIN_URL: base,
    SWITCHBOARD_E2E_ALLOW_DATABASE: "1",
  },
});

const projects: PlaywrightTestConfig["projects"] = POSTGRES
  ? [
      { name: "postgres", use: { ...desktop, baseURL: `http://127.0.0.1:${PORT}` } },
      {
        name: "pglite-smoke",
        testMatch: SMOKE_SPECS,
        use: { ...desktop, baseURL: `http://127.0.0.1:${SMOKE_PORT}` },
      },
    ]
  : [{ name: "pglite", use: { ...desktop, baseURL: `http://127.0.0.1:${PORT}` } }];

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  // Drops this run's PostgreSQL database, or says that the run was on the embedded database only.
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: systemChromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects,
  webServer: POSTGRES
    ? [postgresServer(POSTGRES), embeddedServer(SMOKE_PORT, `${DATA_DIR}-smoke`)]
    : [embeddedServer(PORT, DATA_DIR)],
});
