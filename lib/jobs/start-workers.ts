import type { Db } from "../../db/client";
import type { AppConfig } from "../config";
import { hooks } from "../hooks";
import { logger } from "../logger";
import { retryUnprocessed } from "../whatsapp/deliveries";
import { retryDueItems } from "../whatsapp/failed-items";
import { GraphTransport } from "../whatsapp/outbox/graph-transport";
import type { Transport } from "../whatsapp/outbox/transport";
import { OutboxWorker } from "../whatsapp/outbox/worker";
import { selfWebhookPoster } from "../whatsapp/simulator/post-webhook";
import { SimulatorTransport } from "../whatsapp/simulator/transport";
import { startRetention } from "./retention";

const DELIVERY_SWEEP_MS = 15_000;

/**
 * Background workers besides auto-close: the WhatsApp outbox, the sweep that re-processes
 * stored webhook deliveries whose processing did not finish and webhook items that failed, and
 * the retention sweep. Every instance runs them all; the outbox and both retry sweeps claim with
 * SKIP LOCKED, webhook processing is idempotent and retention deletes are bounded batches, so no
 * leader is needed.
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
      const n = await retryUnprocessed(db);
      if (n) logger.info({ deliveries: n }, "re-processed stored webhook deliveries");
      const items = await retryDueItems(db);
      if (items) logger.info({ items }, "re-processed failed webhook items");
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
  const stopRetention = startRetention(db, config);

  logger.info(
    { transport: config.simulator ? "simulator" : "cloud-api", ratePerSecond: config.ratePerSecond },
    "WhatsApp outbox started",
  );
  /** Stop both; resolves once a running sweep and every send already on its way are done. */
  return async () => {
    clearInterval(sweep);
    stopRetention();
    hooks().outboxKick = undefined;
    await Promise.all([outbox.stop(), sweeping]);
  };
}
