import type { WebhookMessage } from "./webhook-schema";

/**
 * One inbound message → what we store: its type, a readable body (the text, a caption, a place
 * name, "reacted 👍"…) and the payload: the message minus the envelope fields (from, id,
 * timestamp, type), so `payload[type]` is the type object (media id, mime type, coordinates…)
 * and `context`, `referral` and `errors` are kept beside it.
 */
export interface MappedMessage {
  type: string;
  body: string | null;
  payload: Record<string, unknown>;
  replyToWamid: string | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);

function readableBody(type: string, obj: unknown, m: WebhookMessage): string | null {
  const o = isObj(obj) ? obj : {};
  switch (type) {
    case "text":
      return str(o.body);
    case "image":
    case "video":
      return str(o.caption);
    case "document":
      return str(o.caption) ?? str(o.filename);
    case "audio":
      return o.voice === true ? "Voice message" : null;
    case "sticker":
      return null;
    case "location": {
      const place = [str(o.name), str(o.address)].filter(Boolean).join(", ");
      if (place) return place;
      return typeof o.latitude === "number" && typeof o.longitude === "number"
        ? `${o.latitude}, ${o.longitude}`
        : null;
    }
    case "contacts": {
      const names = (Array.isArray(obj) ? obj : [])
        .map((c) => (isObj(c) && isObj(c.name) ? str(c.name.formatted_name) : null))
        .filter(Boolean);
      return names.length ? names.join(", ") : null;
    }
    case "interactive": {
      const reply = isObj(o.button_reply) ? o.button_reply : isObj(o.list_reply) ? o.list_reply : null;
      if (reply) return str(reply.title);
      if (isObj(o.nfm_reply)) return str(o.nfm_reply.body) ?? "Form response";
      return null;
    }
    case "button":
      return str(o.text) ?? str(o.payload);
    case "reaction":
      return str(o.emoji) ? `reacted ${o.emoji}` : "removed a reaction";
    case "unsupported": {
      const e = m.errors?.[0];
      const what = str(o.type);
      const why = e?.error_data?.details ?? e?.title ?? e?.message;
      return `Unsupported message${what ? ` (${what})` : ""}${why ? `: ${why}` : ""}`;
    }
    case "order": {
      const items = Array.isArray(o.product_items) ? o.product_items.length : 0;
      return `Order: ${items} item${items === 1 ? "" : "s"}`;
    }
    case "system":
      return str(o.body) ?? "System message";
    case "request_welcome":
      return "Opened the chat";
    default:
      return null;
  }
}

export function mapMessage(m: WebhookMessage): MappedMessage {
  const { from: _f, from_user_id: _u, id: _i, timestamp: _t, type, ...rest } = m;
  const typeObject = (m as Obj)[type];
  let body = readableBody(type, typeObject, m);
  // A click-to-WhatsApp ad carries its own text; keep it readable when there is nothing else.
  if (!body && isObj(rest.referral)) body = str(rest.referral.body) ?? str(rest.referral.headline);
  const reaction = isObj(typeObject) && type === "reaction" ? str(typeObject.message_id) : null;
  return {
    type,
    body: body ? body.slice(0, 8192) : null,
    payload: rest as Obj,
    replyToWamid: str(m.context?.id) ?? reaction,
  };
}

/** The media id of a stored inbound message, if it carries one. */
export function mediaIdOf(type: string, payload: Record<string, unknown> | null): string | null {
  const o = payload?.[type];
  return isObj(o) ? str(o.id) : null;
}
