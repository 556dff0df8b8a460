import type { Db } from "../../db/client";
import type { AppConfig } from "../config";
import { hooks } from "../hooks";
import { logger } from "../logger";
import { retryUnprocessed } from "../whatsapp/deliveries";
import { GraphTransport } from "../whatsapp/outbox/graph-transport";
import type { Transport } from "../whatsapp/outbox/transport";
import { OutboxWorker } from "../whatsapp/outbox/worker";
import { selfWebhookPoster } from "../whatsapp/simulator/post-webhook";
import { SimulatorTransport } from "../whatsapp/simulator/transport";

/** Unprocessed webhook deliveries older than this are taken over by the retry sweep. */
const DELIVERY_RETRY_AFTER_MS = 30_000;
const DELIVERY_SWEEP_MS = 15_000;

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

  let sweeping: Promise<void> | null = null;
  const sweepOnce = async () => {
    try {
      const n = await retryUnprocessed(db, { olderThanMs: DELIVERY_RETRY_AFTER_MS });
      if (n) logger.info({ deliveries: n }, "re-processed stored webhook deliveries");
    } catch (err) {
      logger.error({ err }, "webhook retry sweep failed");
    }
  };
  const sweep = setInterval(async () => {
    if (sweeping) return;
    sweeping = sweepOnce();
    await sweeping;
    sweeping = null;
  }, DELIVERY_SWEEP_MS);
  sweep.unref();

  logger.info(
    { transport: config.simulator ? "simulator" : "cloud-api", ratePerSecond: config.ratePerSecond },
    "WhatsApp outbox started",
  );
  /** Stop both; resolves once a running sweep and every send already on its way are done. */
  return async () => {
    clearInterval(sweep);
    hooks().outboxKick = undefined;
    await Promise.all([outbox.stop(), sweeping]);
  };
}
