import { timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import nextPackage from "next/package.json";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/config";
import { can } from "@/lib/domain/roles";
import { getCurrentMember } from "@/lib/session";
import appPackage from "@/package.json";

export const dynamic = "force-dynamic";

/**
 * Anyone (a load balancer, an uptime probe) learns only ok / not ok: 200 {"status":"ok"} or 503
 * {"status":"unavailable"}. What the database is, how fast it answers, its error and the versions
 * running help an attacker as much as an operator, so those details go only to a signed-in admin
 * or owner, or to a caller with `Authorization: Bearer <HEALTH_TOKEN>` (for monitoring).
 */
export async function GET(req: Request) {
  const started = Date.now();
  let error: string | null = null;
  let database = "";
  try {
    const rows = (await getDb().execute(sql`select version() as version`)) as unknown as
      | { rows?: { version?: string }[] }
      | { version?: string }[];
    database = (Array.isArray(rows) ? rows[0]?.version : rows.rows?.[0]?.version) ?? "";
  } catch (e) {
    error = (e as Error).message;
  }
  const latencyMs = Date.now() - started;
  const up = error === null;
  const headers = { "cache-control": "no-store" };
  if (!(await mayReadDetails(req)))
    return Response.json(up ? { status: "ok" } : { status: "unavailable" }, {
      status: up ? 200 : 503,
      headers,
    });
  const config = getConfig();
  return Response.json(
    {
      status: up ? "ok" : "unavailable",
      database: {
        status: up ? "up" : "down",
        kind: config.databaseUrl ? "postgres" : "pglite",
        latencyMs,
        ...(up ? { version: database } : { error }),
      },
      simulator: config.simulator,
      redis: Boolean(config.redisUrl),
      versions: { switchboard: appPackage.version, next: nextPackage.version, node: process.version },
    },
    { status: up ? 200 : 503, headers },
  );
}

async function mayReadDetails(req: Request): Promise<boolean> {
  const token = getConfig().healthToken;
  const auth = req.headers.get("authorization") ?? "";
  if (token && auth.startsWith("Bearer ")) {
    const given = Buffer.from(auth.slice(7));
    const expected = Buffer.from(token);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  }
  // A database that is down cannot say who is signed in: then only the token sees details.
  const me = await getCurrentMember().catch(() => null);
  return !!me && can(me.role, "settings.manage");
}
