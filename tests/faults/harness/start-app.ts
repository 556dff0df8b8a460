import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "./free-port";
import { waitFor } from "./wait-for";

/**
 * The built app (`next build` first) as its own process group, started like production:
 * `tsx server.ts` with NODE_ENV=production. Killing the group kills tsx and its node child.
 */
export const ROOT = resolve(__dirname, "../../..");
export const APP_SECRET = "fault-app-secret";
export const VERIFY_TOKEN = "fault-verify-token";
// One secret for every instance and every restart: a session cookie stays valid across both.
const AUTH_SECRET = "fault-auth-secret-0123456789abcdef";

export function appBuilt(): boolean {
  return existsSync(join(ROOT, ".next", "BUILD_ID"));
}

export interface AppOptions {
  databaseUrl: string;
  graphUrl: string;
  graphToken: string;
  redisUrl?: string;
  port?: number;
  env?: Record<string, string>;
}

export interface AppInstance {
  port: number;
  url: string;
  stderr(): string;
  /** the process id of the running server (changes on restart) */
  pid(): number | undefined;
  /** signal the whole process group and wait until it has exited */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** start it again on the same port and data dir (after kill) */
  restart(): Promise<void>;
  /** kill (if still running) and remove the data dir */
  destroy(): Promise<void>;
}

async function waitHealthy(url: string, proc: ChildProcess, log: () => string) {
  await waitFor(
    `the app at ${url} to answer /api/health`,
    async () => {
      if (proc.exitCode !== null) throw new Error(`the app exited ${proc.exitCode}:\n${log().slice(-3000)}`);
      const r = await fetch(`${url}/api/health`).catch(() => null);
      return r?.ok;
    },
    { timeoutMs: 120_000, everyMs: 250 },
  ).catch((e) => {
    throw new Error(`${(e as Error).message}\n${log().slice(-3000)}`);
  });
}

export async function startApp(opts: AppOptions): Promise<AppInstance> {
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-app-"));
  let log = "";
  let proc: ChildProcess;
  const spawnIt = async () => {
    proc = spawn(join(ROOT, "node_modules", ".bin", "tsx"), ["server.ts"], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: opts.databaseUrl,
        REDIS_URL: opts.redisUrl ?? "",
        AUTH_SECRET,
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
        WHATSAPP_ACCESS_TOKEN: opts.graphToken,
        WHATSAPP_GRAPH_URL: opts.graphUrl,
        LOG_LEVEL: "warn",
        ...opts.env,
      },
    });
    proc.stderr?.on("data", (d) => {
      log += String(d);
      if (log.length > 200_000) log = log.slice(-100_000);
    });
    await waitHealthy(url, proc, () => log);
  };
  const kill = async (signal: NodeJS.Signals) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    try {
      process.kill(-(proc.pid as number), signal);
    } catch {}
    await exited;
  };
  await spawnIt();
  return {
    port,
    url,
    stderr: () => log,
    pid: () => (proc.exitCode === null && proc.signalCode === null ? proc.pid : undefined),
    kill,
    restart: spawnIt,
    async destroy() {
      await kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
