import { randomBytes } from "node:crypto";
import { logger } from "../../logger";
import type { OutboundRequest, SendOutcome, Transport } from "../outbox/transport";
import { statusWebhook, type WebhookPoster } from "./post-webhook";

/**
 * The built-in stand-in for the Cloud API (on when no WHATSAPP_ACCESS_TOKEN is set). It accepts
 * every send with a fresh wamid — the outbound row itself is what /simulator shows — and a
 * moment later reports `delivered` through the real webhook route, as Meta would. `read` is
 * reported when the simulated customer has the chat open (app/api/simulator/read).
 */
export class SimulatorTransport implements Transport {
  constructor(
    private readonly post: WebhookPoster,
    private readonly deliveredAfterMs = 400,
  ) {}

  async send(req: OutboundRequest): Promise<SendOutcome> {
    const wamid = `wamid.SIM${randomBytes(12).toString("hex")}`;
    const recipient = String(req.body.to ?? req.body.recipient ?? "").replace(/^\+/, "");
    const t = setTimeout(() => {
      this.post(
        statusWebhook(req.phoneNumberId, req.displayNumber, [{ wamid, status: "delivered", recipient }]),
      )
        .then((status) => {
          if (status !== 200) logger.warn({ status, wamid }, "simulator: delivered receipt refused");
        })
        .catch((err) => logger.warn({ err }, "simulator: could not post the delivered receipt"));
    }, this.deliveredAfterMs);
    t.unref?.();
    return { ok: true, wamid };
  }
}
