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
  retention: { webhookDays: number; loginAttemptDays: number; statusEventDays: number; mediaCacheDays: number };
  /** how many proxies' X-Forwarded-For entries to trust for the client address (0 = none) */
  trustProxy: number;
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
  };
}

const g = globalThis as unknown as { __switchboardConfig?: AppConfig };

/** The process-wide config, shared by every module graph (tsx's and Next's). */
export function getConfig(): AppConfig {
  if (!g.__switchboardConfig) g.__switchboardConfig = parseConfig();
  return g.__switchboardConfig;
}
