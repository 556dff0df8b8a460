import { configDefaults, defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: [
      "lib/**/*.test.ts",
      "db/**/*.test.ts",
      "tests/**/*.test.ts",
      "app/**/*.test.ts",
      "components/**/*.test.ts",
    ],
    // Fault tests need the built app and run on their own (vitest.faults.config.mts).
    exclude: [...configDefaults.exclude, "tests/faults/**"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration files each create their own databases; two cores → two workers.
    maxWorkers: 2,
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
  },
});
