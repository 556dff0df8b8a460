import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// Process-level fault tests: each starts what it breaks (its own app processes, databases,
// services) against the production build, so they run one at a time after `next build`.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["tests/faults/**/*.test.ts"],
    environment: "node",
    testTimeout: 600_000,
    hookTimeout: 300_000,
    maxWorkers: 1,
    fileParallelism: false,
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
  },
});
