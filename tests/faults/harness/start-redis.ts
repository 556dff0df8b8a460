import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { connect } from "node:net";
import { freePort } from "./free-port";
import { waitFor } from "./wait-for";

/** A redis-server of the test's own on a free port, without persistence: a restart empties it. */
export interface OwnRedis {
  port: number;
  url: string;
  /** SIGKILL the server and start an empty one on the same port */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function redisAvailable(): boolean {
  return spawnSync("redis-server", ["--version"]).status === 0;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.once("error", () => resolve(false));
    s.once("connect", () => s.write("PING\r\n"));
    s.once("data", (d) => {
      s.destroy();
      resolve(String(d).startsWith("+PONG"));
    });
  });
}

export async function startRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let proc: ChildProcess | null = null;
  const start = async () => {
    proc = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    await waitFor(`redis-server on ${port}`, () => ping(port), { timeoutMs: 10_000, everyMs: 50 });
  };
  const stop = async () => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once("exit", r));
    p.kill("SIGKILL");
    await exited;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async restart() {
      await stop();
      await start();
    },
    stop,
  };
}
