import { defineConfig } from "drizzle-kit";

// Only `generate` is used: migrations are applied by the server itself at start
// (under an advisory lock) or by `npm run db:migrate`, never by drizzle-kit against a live PGlite dir.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
  strict: true,
});
