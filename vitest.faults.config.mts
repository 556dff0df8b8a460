import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// Fault tests: each starts its own PostgreSQL, Redis and built app processes and breaks them.
// They need `next build` first, run one at a time, and take tens of seconds each.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["tests/faults/**/*.test.ts"],
    environment: "node",
    testTimeout: 240_000,
    hookTimeout: 240_000,
    maxWorkers: 1,
    fileParallelism: false,
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
  },
});
