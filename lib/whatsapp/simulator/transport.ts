import { randomBytes } from "node:crypto";
import { logger } from "../../logger";
import type { OutboundRequest, SendOutcome, Transport } from "../outbox/transport";
import { isPhoneUnreachable, UNDELIVERABLE } from "./phones";
import { statusWebhook, type WebhookPoster } from "./post-webhook";

/**
 * The built-in stand-in for the Cloud API (on when no WHATSAPP_ACCESS_TOKEN is set). It accepts
 * every send with a fresh wamid — the outbound row itself is what /simulator shows — and a
 * moment later reports `delivered` through the real webhook route, as Meta would. `read` is
 * reported when the simulated customer has the chat open (app/api/simulator/read).
 *
 * When the customer's simulated phone is marked unreachable (/simulator → "Phone unreachable",
 * see ./phones), it reports `failed` with error 131026 instead of `delivered`, as Meta does for a
 * message that cannot reach the phone: the message shows Failed with the reason and a Retry.
 */
export class SimulatorTransport implements Transport {
  constructor(
    private readonly post: WebhookPoster,
    private readonly deliveredAfterMs = 400,
    private readonly unreachable: (phoneNumberId: string, recipient: string) => boolean = isPhoneUnreachable,
  ) {}

  async send(req: OutboundRequest): Promise<SendOutcome> {
    const wamid = `wamid.SIM${randomBytes(12).toString("hex")}`;
    const recipient = String(req.body.to ?? req.body.recipient ?? "").replace(/^\+/, "");
    const fails = recipient !== "" && this.unreachable(req.phoneNumberId, recipient);
    const receipt = fails
      ? { wamid, status: "failed", recipient, errors: [UNDELIVERABLE] }
      : { wamid, status: "delivered", recipient };
    const t = setTimeout(() => {
      this.post(statusWebhook(req.phoneNumberId, req.displayNumber, [receipt]))
        .then((status) => {
          if (status !== 200) logger.warn({ status, wamid }, `simulator: ${receipt.status} receipt refused`);
        })
        .catch((err) => logger.warn({ err }, `simulator: could not post the ${receipt.status} receipt`));
    }, this.deliveredAfterMs);
    t.unref?.();
    return { ok: true, wamid };
  }
}
