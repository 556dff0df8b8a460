import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { ROOT } from "./start-app";

export interface TickAnswer {
  closed: string[];
  claimed: number;
  error?: string;
}

export interface Sweeper {
  /** run one sweep and one outbox pass at simulated time `now` */
  tick(now: Date): Promise<TickAnswer>;
  stop(): Promise<void>;
}

/** A separate process running harness/sweeper-process.ts against the database at `url`. */
export function startSweeper(url: string, graph: { url: string; token: string }): Sweeper {
  const p = spawn(join(ROOT, "node_modules", ".bin", "tsx"), [join(__dirname, "sweeper-process.ts")], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      NODE_ENV: "production",
      DATABASE_URL: url,
      WHATSAPP_GRAPH_URL: graph.url,
      WHATSAPP_ACCESS_TOKEN: graph.token,
      LOG_LEVEL: "silent",
    },
  });
  let log = "";
  p.stderr.on("data", (d) => {
    log += String(d);
  });
  const waiting: ((a: TickAnswer) => void)[] = [];
  createInterface({ input: p.stdout }).on("line", (line) => waiting.shift()?.(JSON.parse(line)));
  p.once("exit", (code) => {
    for (const w of waiting.splice(0))
      w({ closed: [], claimed: 0, error: `exited ${code}: ${log.slice(-2000)}` });
  });
  return {
    tick(now) {
      return new Promise((resolve) => {
        waiting.push(resolve);
        p.stdin.write(`${JSON.stringify({ now: now.toISOString() })}\n`);
      });
    },
    async stop() {
      if (p.exitCode !== null) return;
      const exited = new Promise((r) => p.once("exit", r));
      p.stdin.write(`${JSON.stringify({ exit: true })}\n`);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (p.exitCode === null) p.kill("SIGKILL");
    },
  };
}
