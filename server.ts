import { createServer } from "node:http";
import next from "next";
import { ConfigError, getConfig, type AppConfig } from "./lib/config";
import { bootDatabase } from "./db/boot";
import { getDb, setGlobalClient } from "./db/client";
import { DataDirLockedError } from "./db/dir-lock";
import { startAutoCloseWorker } from "./lib/jobs/auto-close-worker";
import { logger } from "./lib/logger";
import { attachRealtime } from "./lib/realtime/server";
import { attachRedisAdapter } from "./lib/realtime/redis-adapter";
import { refuseOversizedServerAction } from "./lib/http/action-body-limit";
import { startWorkers } from "./lib/jobs/start-workers";

/**
 * One Node process: Next.js, Socket.IO and the background workers on one HTTP server
 * (SPEC: Socket.IO on the same process as Next.js).
 */
async function main() {
  let config: AppConfig;
  try {
    config = getConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Configuration error: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  // Auth.js reads these from the environment; the values come from the validated config.
  process.env.AUTH_SECRET = config.authSecret;
  process.env.AUTH_TRUST_HOST = "true";

  const raw = await bootDatabase(config).catch((e) => {
    if (e instanceof DataDirLockedError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  });
  setGlobalClient(raw);

  const dev = process.env.NODE_ENV !== "production";
  const app = next({ dev, hostname: "0.0.0.0", port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();

  const httpServer = createServer((req, res) => {
    if (refuseOversizedServerAction(req, res)) return;
    // The client address for sign-in throttling; a client cannot set this header itself.
    req.headers["x-switchboard-client-ip"] = req.socket.remoteAddress ?? "unknown";
    void handle(req, res);
  });
  const io = attachRealtime(httpServer, config.authSecret);
  if (config.redisUrl) await attachRedisAdapter(io, config.redisUrl);

  const db = getDb();
  startAutoCloseWorker(db, {
    sweepSeconds: config.autoCloseSweepSeconds,
    defaultMinutes: config.autoCloseAfterMinutes,
  });
  startWorkers(db, config);

  httpServer.listen(config.port, () => {
    logger.info(
      { port: config.port, database: raw.kind, simulator: config.simulator, redis: Boolean(config.redisUrl) },
      `Switchboard ready on http://localhost:${config.port}`,
    );
  });

  const shutdown = () => {
    httpServer.close();
    io.close();
    setTimeout(() => process.exit(0), 500).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
