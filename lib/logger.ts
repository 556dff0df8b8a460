import pino from "pino";

// One structured logger; LOG_LEVEL=silent keeps test output readable.
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
});
