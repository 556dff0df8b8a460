import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import postgres from "postgres";
import * as schema from "./schema";
import { acquireDirLock } from "./dir-lock";

export type Schema = typeof schema;
/** One handle type for both drivers: every query and service is written against it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

/** The raw connection, shared by every module graph of the process (tsx's and Next's). */
export type RawClient =
  | { kind: "postgres"; sql: postgres.Sql; url: string }
  | { kind: "pglite"; pg: PGlite; releaseDir?: () => void };

export interface OpenOptions {
  /** postgres:// URL; when absent PGlite is used */
  url?: string;
  /** PGlite data dir, or "memory://" */
  pglitePath?: string;
  /** pool size for postgres.js */
  max?: number;
}

/**
 * While PostgreSQL is down or restarting, every query must fail at once so that its request can
 * answer (a webhook 503, so that Meta retries; "not sent" to a member) instead of waiting for the
 * database to come back. postgres.js queues a query that finds no open connection and lets each
 * connection attempt refuse only one queued query; by default it also waits up to 20 s between a
 * connection's attempts (growing with every failure) and 30 s for a connect. Under load the queue
 * then grows faster than it is refused, and requests hang for minutes. So:
 * - no pause between attempts: an attempt is only made for a query that waits for it (an idle
 *   pool makes none), and a refused connection costs a millisecond — the queue drains at once;
 * - a connect that gets no answer (a host that drops packets) gives up after 5 s;
 * - idle connections are closed after a minute, so a pool does not hold dead sockets for long.
 */
const FAIL_FAST = {
  backoff: () => 0,
  connect_timeout: 5,
  idle_timeout: 60,
} as const;

export async function openRawClient(opts: OpenOptions): Promise<RawClient> {
  if (opts.url) {
    const sql = postgres(opts.url, {
      max: opts.max ?? 10,
      ...FAIL_FAST,
      onnotice: () => {},
      // Timestamps come back as Date through drizzle; keep bigint-safe numbers as numbers.
      types: { bigint: postgres.BigInt },
    });
    return { kind: "postgres", sql, url: opts.url };
  }
  const path = opts.pglitePath ?? "./.data/pglite";
  const releaseDir = path.startsWith("memory://") ? undefined : acquireDirLock(path);
  const pg = new PGlite(path);
  await pg.waitReady;
  return { kind: "pglite", pg, releaseDir };
}

export function wrap(raw: RawClient): Db {
  if (raw.kind === "postgres") return drizzlePostgres(raw.sql, { schema }) as unknown as Db;
  return drizzlePglite(raw.pg, { schema }) as unknown as Db;
}

/** Close the pool, or let PGlite write out its data dir and give its lock back. */
export async function closeRawClient(raw: RawClient): Promise<void> {
  if (raw.kind === "postgres") {
    await raw.sql.end({ timeout: 5 });
    return;
  }
  if (!raw.pg.closed) await raw.pg.close();
  raw.releaseDir?.();
}

const g = globalThis as unknown as { __switchboardRaw?: RawClient; __switchboardDb?: WeakMap<object, Db> };

export function setGlobalClient(raw: RawClient): void {
  g.__switchboardRaw = raw;
}

/** The process's database handle. The server opens it at start; Next's code only reads it. */
export function getDb(): Db {
  const raw = g.__switchboardRaw;
  if (!raw) throw new Error("database not initialised: start the app with `npm start` (server.ts)");
  g.__switchboardDb ??= new WeakMap();
  let db = g.__switchboardDb.get(raw);
  if (!db) {
    db = wrap(raw);
    g.__switchboardDb.set(raw, db);
  }
  return db;
}
