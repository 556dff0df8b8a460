import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const DATA_DIR = process.env.E2E_DATA_DIR ?? ".data-e2e";
export const E2E_APP_SECRET = "e2e-app-secret";
export const E2E_VERIFY_TOKEN = "e2e-verify-token";

// Playwright cannot download browsers here: use Debian's Chromium when it is installed,
// and fall back to Playwright's own browser where one is.
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
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
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 900 } } },
  ],
  webServer: {
    // The built app (`npm test` builds first), on a fresh embedded database with the demo data.
    command: `rm -rf ${DATA_DIR} && npx tsx server.ts`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(PORT),
      DATA_DIR,
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
    },
  },
});
