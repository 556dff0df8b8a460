import type { CloudMessageBody } from "./transport";

/** What the outbox knows of a message and its recipient. */
export interface OutboundMessage {
  type: string;
  body: string | null;
  payload: Record<string, unknown> | null;
  replyToWamid: string | null;
  waId: string | null;
  userId: string | null;
}

export interface TemplatePayload {
  name: string;
  language: string;
  params: string[];
  quickReplies?: string[];
}

export function templateOf(payload: Record<string, unknown> | null): TemplatePayload | null {
  const t = payload?.template as Partial<TemplatePayload> | undefined;
  if (!t || typeof t.name !== "string") return null;
  return {
    name: t.name,
    language: typeof t.language === "string" ? t.language : "en_US",
    params: Array.isArray(t.params) ? t.params.map(String) : [],
    quickReplies: Array.isArray(t.quickReplies) ? t.quickReplies.map(String) : undefined,
  };
}

/**
 * The Cloud API request body (WHATSAPP.md §5). `to` is "+" and the wa_id, so Meta does not put the
 * business number's country code in front; username-only customers get `recipient` (their BSUID).
 */
export function buildCloudBody(m: OutboundMessage): CloudMessageBody {
  const base: CloudMessageBody = {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    ...(m.waId ? { to: `+${m.waId.replace(/^\+/, "")}` } : { recipient: m.userId ?? "" }),
    type: m.type,
    ...(m.replyToWamid ? { context: { message_id: m.replyToWamid } } : {}),
  };
  const tpl = m.type === "template" ? templateOf(m.payload) : null;
  if (tpl) {
    const components: Record<string, unknown>[] = [];
    if (tpl.params.length)
      components.push({ type: "body", parameters: tpl.params.map((text) => ({ type: "text", text })) });
    (tpl.quickReplies ?? []).forEach((label, i) => {
      components.push({
        type: "button",
        sub_type: "quick_reply",
        index: String(i),
        parameters: [{ type: "payload", payload: label }],
      });
    });
    return {
      ...base,
      type: "template",
      template: { name: tpl.name, language: { code: tpl.language }, components },
    };
  }
  return { ...base, type: "text", text: { body: m.body ?? "", preview_url: false } };
}
