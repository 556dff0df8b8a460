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
    // Process-level fault tests need the production build: vitest.faults.config.mts, after it.
    exclude: [...configDefaults.exclude, "tests/faults/**"],
    environment: "node",
    // next-auth imports "next/server" without an extension, which Node's ESM loader cannot
    // resolve outside Next; transformed by Vite it resolves, so tests can run the real auth().
    server: { deps: { inline: ["next-auth"] } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration files each create their own databases; two cores → two workers.
    maxWorkers: 2,
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
  },
});
