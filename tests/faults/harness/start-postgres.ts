import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { freePort } from "./free-port";
import { runCommand } from "./run-command";

/**
 * A PostgreSQL 15 cluster of the test's own, from initdb, on a free port with its own socket
 * directory: a test that stops the database must never touch the machine's shared one.
 * initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` user.
 */
const BIN = process.env.PG_BIN_DIR ?? "/usr/lib/postgresql/15/bin";

export interface OwnPostgres {
  port: number;
  /** URL of a database on this cluster */
  url(database?: string): string;
  createDatabase(name: string): Promise<string>;
  /** `pg_ctl -m fast stop`: every connection is cut, as in a real restart */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** stop and remove the data directory */
  destroy(): Promise<void>;
}

export function postgresAvailable(): boolean {
  return existsSync(join(BIN, "initdb")) && existsSync(join(BIN, "pg_ctl"));
}

async function pgUserIds(): Promise<{ uid: number; gid: number }> {
  const uid = Number((await runCommand("id", ["-u", "postgres"])).trim());
  const gid = Number((await runCommand("id", ["-g", "postgres"])).trim());
  return { uid, gid };
}

export async function startPostgres(): Promise<OwnPostgres> {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "switchboard-pg-"));
  const data = join(dir, "data");
  const sock = join(dir, "sock");
  mkdirSync(sock);
  const ids = asRoot ? await pgUserIds() : null;
  if (ids) for (const p of [dir, sock]) chownSync(p, ids.uid, ids.gid);
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? runCommand("runuser", ["-u", "postgres", "--", join(BIN, tool), ...args], { cwd: dir })
      : runCommand(join(BIN, tool), args, { cwd: dir });

  await pg("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
  const port = await freePort();
  // fsync off: only an operating-system crash could lose data then, and none is simulated here.
  const serverOpts = `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = async () => {
    await pg("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-w", "-t", "60", "-o", serverOpts, "start"]);
  };
  const stop = async () => {
    await pg("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "60", "stop"]);
  };
  await start();
  const url = (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let running = true;
  return {
    port,
    url,
    async createDatabase(name) {
      const admin = postgres(url(), { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      await admin.end();
      return url(name);
    },
    async stop() {
      await stop();
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await pg("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
