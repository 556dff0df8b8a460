import { getDb } from "../../../../db/client";
import { getConfig } from "../../../../lib/config";
import { logger } from "../../../../lib/logger";
import { receiveWebhook } from "../../../../lib/whatsapp/receive";

export const dynamic = "force-dynamic";

/** The subscription handshake (WHATSAPP.md §1): echo hub.challenge when the token matches. No signature on GET. */
export function GET(req: Request): Response {
  const p = new URL(req.url).searchParams;
  const token = getConfig().whatsappVerifyToken;
  if (p.get("hub.mode") === "subscribe" && token && p.get("hub.verify_token") === token) {
    return new Response(p.get("hub.challenge") ?? "", {
      status: 200,
      headers: { "content-type": "text/plain" },
    });
  }
  return new Response("Forbidden", { status: 403, headers: { "content-type": "text/plain" } });
}

/** Cloud API webhooks: see lib/whatsapp/receive.ts. */
export async function POST(req: Request): Promise<Response> {
  try {
    const r = await receiveWebhook(getDb(), req, getConfig().whatsappAppSecret);
    return new Response(r.message, { status: r.status, headers: { "content-type": "text/plain" } });
  } catch (err) {
    // Unexpected (e.g. the database is down before anything was stored): let Meta retry.
    logger.error({ err }, "webhook request failed");
    return new Response("temporarily unavailable", { status: 503 });
  }
}
