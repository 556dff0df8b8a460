import { createServer, type Server } from "node:http";
import next from "next";
import { ConfigError, getConfig, type AppConfig } from "./lib/config";
import { bootDatabase } from "./db/boot";
import { closeRawClient, getDb, setGlobalClient } from "./db/client";
import { DataDirLockedError } from "./db/dir-lock";
import { startAutoCloseWorker } from "./lib/jobs/auto-close-worker";
import { logger } from "./lib/logger";
import { attachRealtime } from "./lib/realtime/server";
import { attachRedisAdapter } from "./lib/realtime/redis-adapter";
import { refuseOversizedServerAction } from "./lib/http/action-body-limit";
import { screenServerActionBody } from "./lib/http/action-reply-check";
import { startWorkers } from "./lib/jobs/start-workers";
import { prepareRequest } from "./lib/http/prepare-request";

/** Requests still running after this long are cut off at shutdown. */
const HTTP_DRAIN_MS = 10_000;
/** Longer than the longest send (DEFAULT_SEND_TIMEOUT_MS) plus recording it and the HTTP drain. */
const SHUTDOWN_DEADLINE_MS = 75_000;

/** Wait for in-flight requests, closing each connection as soon as it is idle, up to `ms`. */
async function drainHttp(server: Server, closed: Promise<void>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  let done = false;
  void closed.then(() => {
    done = true;
  });
  while (!done && Date.now() < end) {
    server.closeIdleConnections();
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!done) server.closeAllConnections();
}

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

  let shuttingDown = false;
  const httpServer = createServer((req, res) => {
    if (refuseOversizedServerAction(req, res)) return;
    prepareRequest(req, res, config.trustProxy);
    // Draining: answer this request, then let the keep-alive connection go.
    if (shuttingDown) res.setHeader("connection", "close");
    // A server action body React cannot decode gets a 400 here instead of Next's 500.
    void screenServerActionBody(req, res).then((checked) => {
      if (checked) void handle(checked, res);
    });
  });
  const io = attachRealtime(httpServer, config.authSecret);
  if (config.redisUrl) await attachRedisAdapter(io, config.redisUrl);

  const db = getDb();
  const stopAutoClose = startAutoCloseWorker(db, {
    sweepSeconds: config.autoCloseSweepSeconds,
    defaultMinutes: config.autoCloseAfterMinutes,
  });
  const stopWorkers = startWorkers(db, config);

  httpServer.listen(config.port, () => {
    logger.info(
      { port: config.port, database: raw.kind, simulator: config.simulator, redis: Boolean(config.redisUrl) },
      `Switchboard ready on http://localhost:${config.port}`,
    );
  });

  /**
   * SIGTERM/SIGINT: stop accepting connections, let sockets go (their clients reconnect to
   * another instance), stop the workers and wait for sends already on their way (a send cut
   * short could reach the customer and still be sent again), let in-flight requests finish
   * within a deadline, then close the database (PGlite writes out its data dir and gives its
   * lock back) and exit 0. A second signal, or the overall deadline, exits at once.
   */
  const shutdown = async () => {
    if (shuttingDown) process.exit(1);
    shuttingDown = true;
    logger.info("shutting down: draining requests and in-flight sends");
    const deadline = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    httpServer.closeIdleConnections();
    await io.close().catch(() => {});
    await Promise.all([stopAutoClose(), stopWorkers()]).catch((err) =>
      logger.error({ err }, "stopping the workers failed"),
    );
    await drainHttp(httpServer, httpClosed, HTTP_DRAIN_MS);
    await closeRawClient(raw).catch((err) => logger.error({ err }, "closing the database failed"));
    logger.info("shut down cleanly");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown());
  process.on("SIGINT", () => void shutdown());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
