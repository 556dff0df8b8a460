import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// Process-level fault tests: they start the real server (the production build) and the services
// they break on their own. Run after `next build`, one file at a time.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["tests/faults/**/*.test.ts"],
    environment: "node",
    testTimeout: 600_000,
    hookTimeout: 300_000,
    maxWorkers: 1,
    fileParallelism: false,
    env: { LOG_LEVEL: "silent" },
  },
});
