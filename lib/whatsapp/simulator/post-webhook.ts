import { getDb } from "../../../db/client";
import type { AppConfig } from "../../config";
import { signBody } from "../signature";
import { addressToOwnWaba } from "./own-waba";

/**
 * The simulator speaks to Switchboard only the way Meta does: a POST to the real webhook route,
 * signed with the app secret. No side door into the service layer.
 */
export type WebhookPoster = (body: Record<string, unknown>) => Promise<number>;

export function selfWebhookPoster(config: Pick<AppConfig, "port" | "whatsappAppSecret">): WebhookPoster {
  return async (body) => {
    await addressToOwnWaba(getDb(), body);
    const raw = JSON.stringify(body);
    const res = await fetch(`http://127.0.0.1:${config.port}/api/webhooks/whatsapp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": signBody(raw, config.whatsappAppSecret),
      },
      body: raw,
    });
    await res.arrayBuffer();
    return res.status;
  };
}

export function webhookEnvelope(
  phoneNumberId: string,
  displayNumber: string,
  value: Record<string, unknown>,
): Record<string, unknown> {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "simulator",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: {
                display_phone_number: displayNumber.replace(/\D/g, ""),
                phone_number_id: phoneNumberId,
              },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

export const unixNow = () => String(Math.floor(Date.now() / 1000));

export function statusWebhook(
  phoneNumberId: string,
  displayNumber: string,
  items: { wamid: string; status: string; recipient: string; errors?: readonly object[] }[],
) {
  return webhookEnvelope(phoneNumberId, displayNumber, {
    statuses: items.map((i) => ({
      id: i.wamid,
      status: i.status,
      timestamp: unixNow(),
      recipient_id: i.recipient,
      ...(i.errors ? { errors: i.errors } : {}),
    })),
  });
}
