import type { Db } from "../../db/client";
import type { AppConfig } from "../config";
import { hooks } from "../hooks";
import { logger } from "../logger";
import { pruneMediaCache } from "../media/prune-media-cache";
import { retryUnprocessed } from "../whatsapp/deliveries";
import { GraphTransport } from "../whatsapp/outbox/graph-transport";
import type { Transport } from "../whatsapp/outbox/transport";
import { OutboxWorker } from "../whatsapp/outbox/worker";
import { selfWebhookPoster } from "../whatsapp/simulator/post-webhook";
import { SimulatorTransport } from "../whatsapp/simulator/transport";

/** Unprocessed webhook deliveries older than this are taken over by the retry sweep. */
const DELIVERY_RETRY_AFTER_MS = 30_000;
const DELIVERY_SWEEP_MS = 15_000;
const MEDIA_PRUNE_MS = 60 * 60 * 1000;

/**
 * Background workers besides auto-close: the WhatsApp outbox and the sweep that re-processes
 * stored webhook deliveries whose processing failed. Every instance runs both; the outbox claims
 * with SKIP LOCKED and webhook processing is idempotent, so no leader is needed.
 */
export function startWorkers(db: Db, config: AppConfig): () => Promise<void> {
  const transport: Transport = config.simulator
    ? new SimulatorTransport(selfWebhookPoster(config))
    : new GraphTransport({
        graphUrl: config.whatsappGraphUrl,
        accessToken: config.whatsappAccessToken ?? "",
      });
  const outbox = new OutboxWorker(db, { transport, ratePerSecond: config.ratePerSecond }).start();
  hooks().outboxKick = () => outbox.kick();

  let sweeping = false;
  const sweep = setInterval(async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const n = await retryUnprocessed(db, { olderThanMs: DELIVERY_RETRY_AFTER_MS });
      if (n) logger.info({ deliveries: n }, "re-processed stored webhook deliveries");
    } catch (err) {
      logger.error({ err }, "webhook retry sweep failed");
    } finally {
      sweeping = false;
    }
  }, DELIVERY_SWEEP_MS);
  sweep.unref();

  // Cached customer files unused for MEDIA_CACHE_RETENTION_DAYS (every instance may run it:
  // deleting the same stale rows twice is harmless).
  const mediaPrune = setInterval(() => {
    pruneMediaCache(db, { retentionDays: config.mediaCacheRetentionDays })
      .then((n) => n && logger.info({ files: n }, "pruned the media cache"))
      .catch((err) => logger.error({ err }, "media cache prune failed"));
  }, MEDIA_PRUNE_MS);
  mediaPrune.unref();

  logger.info(
    { transport: config.simulator ? "simulator" : "cloud-api", ratePerSecond: config.ratePerSecond },
    "WhatsApp outbox started",
  );
  return async () => {
    clearInterval(sweep);
    clearInterval(mediaPrune);
    hooks().outboxKick = undefined;
    await outbox.stop();
  };
}
