import { z } from "zod";
import { loadOrCreateSecret } from "./secrets";

/**
 * The environment contract of SPEC §3, read and validated once.
 * A bad value throws ConfigError naming the variable; server.ts turns that into one line and exit 1.
 */
export class ConfigError extends Error {}

const optionalUrl = (name: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return undefined;
      try {
        new URL(v);
        return v;
      } catch {
        ctx.addIssue({ code: "custom", message: `${name} is not a valid URL: ${JSON.stringify(v)}` });
        return z.NEVER;
      }
    });

const positiveInt = (name: string, def: number, max = 10_000_000) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return def;
      const n = Number(v);
      if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < 1 || n > max) {
        ctx.addIssue({
          code: "custom",
          message: `${name} must be a whole number from 1 to ${max}, got ${JSON.stringify(v)}`,
        });
        return z.NEVER;
      }
      return n;
    });

// Sign-in throttling keys on the client's address (SPEC §8). TRUST_PROXY says how many proxies
// in front of the app append to X-Forwarded-For; 0 (the default) trusts none and uses the
// socket's peer, so a client cannot pick its own address by sending the header.
const trustProxySchema = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === "") return 0;
    if (!/^\d{1,2}$/.test(v.trim())) {
      ctx.addIssue({
        code: "custom",
        message: `TRUST_PROXY must be the number of proxies to trust, 0 to 10, got ${JSON.stringify(v)}`,
      });
      return z.NEVER;
    }
    const n = Number(v.trim());
    if (n > 10) {
      ctx.addIssue({ code: "custom", message: `TRUST_PROXY must be from 0 to 10, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return n;
  });

const envSchema = z.object({
  DATABASE_URL: optionalUrl("DATABASE_URL"),
  PORT: positiveInt("PORT", 3000, 65535),
  AUTH_SECRET: z.string().optional(),
  AUTH_URL: optionalUrl("AUTH_URL"),
  WHATSAPP_APP_SECRET: z.string().optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().optional(),
  WHATSAPP_GRAPH_URL: optionalUrl("WHATSAPP_GRAPH_URL"),
  AUTO_CLOSE_AFTER_MINUTES: positiveInt("AUTO_CLOSE_AFTER_MINUTES", 2880, 43200),
  AUTO_CLOSE_SWEEP_SECONDS: positiveInt("AUTO_CLOSE_SWEEP_SECONDS", 60, 86400),
  WHATSAPP_RATE_PER_SECOND: positiveInt("WHATSAPP_RATE_PER_SECOND", 80, 10000),
  REDIS_URL: optionalUrl("REDIS_URL"),
  DATA_DIR: z.string().optional(),
  // Retention: how long processed webhook bodies, failed sign-ins, status events and cached
  // customer files (counted from when they were last served) are kept.
  WEBHOOK_RETENTION_DAYS: positiveInt("WEBHOOK_RETENTION_DAYS", 30, 3650),
  LOGIN_ATTEMPT_RETENTION_DAYS: positiveInt("LOGIN_ATTEMPT_RETENTION_DAYS", 30, 3650),
  STATUS_EVENT_RETENTION_DAYS: positiveInt("STATUS_EVENT_RETENTION_DAYS", 90, 3650),
  MEDIA_CACHE_RETENTION_DAYS: positiveInt("MEDIA_CACHE_RETENTION_DAYS", 30, 36500),
  TRUST_PROXY: trustProxySchema,
  // Deployment safety: the checks below (see checkDeploymentSafety).
  SWITCHBOARD_E2E: z.string().optional(),
  SWITCHBOARD_E2E_ALLOW_DATABASE: z.string().optional(),
  HEALTH_TOKEN: z.string().optional(),
});

export interface AppConfig {
  databaseUrl?: string;
  dataDir: string;
  port: number;
  authSecret: string;
  authUrl?: string;
  whatsappAppSecret: string;
  whatsappVerifyToken: string;
  whatsappAccessToken?: string;
  whatsappGraphUrl: string;
  /** The simulator is on whenever no real Cloud API token is configured. */
  simulator: boolean;
  autoCloseAfterMinutes: number;
  autoCloseSweepSeconds: number;
  ratePerSecond: number;
  redisUrl?: string;
  /** Retention, in days (lib/jobs/retention.ts). */
  retention: {
    webhookDays: number;
    loginAttemptDays: number;
    statusEventDays: number;
    mediaCacheDays: number;
  };
  /** how many proxies' X-Forwarded-For entries to trust for the client address (0 = none) */
  trustProxy: number;
  // Deployment safety (see checkDeploymentSafety).
  /** The test-only routes under /api/test exist (SWITCHBOARD_E2E=1, refused on a production setup). */
  e2eRoutes: boolean;
  /** A bearer token that may read /api/health's details (database kind, latency, versions). */
  healthToken?: string;
}

/**
 * Settings that pass a type check but would break or weaken a real deployment, refused at start
 * with one line naming the variable:
 *
 * - `WHATSAPP_ACCESS_TOKEN` without `WHATSAPP_APP_SECRET`: a generated secret would make every
 *   real webhook from Meta fail its signature check (401), silently.
 * - `SWITCHBOARD_E2E=1` (the test-only routes under /api/test, which can deactivate members and
 *   mint invites) on anything that looks like production. The end-to-end suite runs the built
 *   app with NODE_ENV=production, so NODE_ENV cannot be the signal; instead a real deployment is
 *   recognised by what a test run never has: a real Cloud API token, a public https AUTH_URL, or a
 *   DATABASE_URL (a real database holds real data; a suite that deliberately runs against one sets
 *   SWITCHBOARD_E2E_ALLOW_DATABASE=1 as well). Any other value than "1" is refused too, so that a
 *   typo never leaves anyone guessing whether the routes are on.
 * - `HEALTH_TOKEN` shorter than 16 characters: it guards internal details, so it must not be
 *   guessable.
 */
function checkDeploymentSafety(e: z.infer<typeof envSchema>): void {
  if (e.WHATSAPP_ACCESS_TOKEN && !e.WHATSAPP_APP_SECRET)
    throw new ConfigError(
      "WHATSAPP_APP_SECRET is required when WHATSAPP_ACCESS_TOKEN is set (Meta signs every webhook with your app's secret).",
    );
  const e2e = e.SWITCHBOARD_E2E ?? "";
  if (e2e !== "" && e2e !== "0" && e2e !== "1")
    throw new ConfigError(`SWITCHBOARD_E2E must be 1 or unset, got ${JSON.stringify(e2e)}`);
  if (e2e === "1") {
    const production = e.WHATSAPP_ACCESS_TOKEN
      ? "WHATSAPP_ACCESS_TOKEN is set"
      : e.AUTH_URL?.startsWith("https:")
        ? "AUTH_URL is a public https address"
        : e.DATABASE_URL && e.SWITCHBOARD_E2E_ALLOW_DATABASE !== "1"
          ? "DATABASE_URL is set (add SWITCHBOARD_E2E_ALLOW_DATABASE=1 for a test database)"
          : null;
    if (production)
      throw new ConfigError(`SWITCHBOARD_E2E=1 enables test-only routes and is refused here: ${production}`);
  }
  if (e.HEALTH_TOKEN !== undefined && e.HEALTH_TOKEN !== "" && e.HEALTH_TOKEN.length < 16)
    throw new ConfigError("HEALTH_TOKEN must be at least 16 characters long");
}

export const DEFAULT_GRAPH_URL = "https://graph.facebook.com/v25.0";

export function parseConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0] ?? "environment");
    throw new ConfigError(issue.message.includes(variable) ? issue.message : `${variable}: ${issue.message}`);
  }
  const e = parsed.data;
  checkDeploymentSafety(e);
  const dataDir = e.DATA_DIR || "./.data";
  const token = e.WHATSAPP_ACCESS_TOKEN || undefined;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir,
    port: e.PORT,
    authSecret: e.AUTH_SECRET || loadOrCreateSecret(dataDir, "auth-secret"),
    authUrl: e.AUTH_URL,
    whatsappAppSecret: e.WHATSAPP_APP_SECRET || loadOrCreateSecret(dataDir, "whatsapp-app-secret"),
    whatsappVerifyToken: e.WHATSAPP_VERIFY_TOKEN || loadOrCreateSecret(dataDir, "whatsapp-verify-token"),
    whatsappAccessToken: token,
    whatsappGraphUrl: (e.WHATSAPP_GRAPH_URL || DEFAULT_GRAPH_URL).replace(/\/+$/, ""),
    simulator: !token,
    autoCloseAfterMinutes: e.AUTO_CLOSE_AFTER_MINUTES,
    autoCloseSweepSeconds: e.AUTO_CLOSE_SWEEP_SECONDS,
    ratePerSecond: e.WHATSAPP_RATE_PER_SECOND,
    redisUrl: e.REDIS_URL,
    retention: {
      webhookDays: e.WEBHOOK_RETENTION_DAYS,
      loginAttemptDays: e.LOGIN_ATTEMPT_RETENTION_DAYS,
      statusEventDays: e.STATUS_EVENT_RETENTION_DAYS,
      mediaCacheDays: e.MEDIA_CACHE_RETENTION_DAYS,
    },
    trustProxy: e.TRUST_PROXY,
    e2eRoutes: e.SWITCHBOARD_E2E === "1",
    healthToken: e.HEALTH_TOKEN || undefined,
  };
}

const g = globalThis as unknown as { __switchboardConfig?: AppConfig };

/** The process-wide config, shared by every module graph (tsx's and Next's). */
export function getConfig(): AppConfig {
  if (!g.__switchboardConfig) g.__switchboardConfig = parseConfig();
  return g.__switchboardConfig;
}
