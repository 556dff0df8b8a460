import { z } from "zod";

/**
 * The Cloud API webhook body (WHATSAPP.md §3), validated loosely: unknown fields are kept, and
 * each message/status is checked on its own, so one odd item never hides the rest of a batch.
 */
export const envelopeSchema = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: z.string().optional(),
      changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })).default([]),
    }),
  ),
});
export type WebhookEnvelope = z.infer<typeof envelopeSchema>;

const unixSeconds = z.union([z.string(), z.number()]);

export const contactSchema = z.looseObject({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  profile: z.looseObject({ name: z.string().optional(), username: z.string().optional() }).optional(),
});
export type WebhookContact = z.infer<typeof contactSchema>;

const errorSchema = z.looseObject({
  code: z.number().optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
});
export type WebhookError = z.infer<typeof errorSchema>;

export const messageSchema = z.looseObject({
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  id: z.string().min(1).max(512),
  timestamp: unixSeconds.optional(),
  type: z.string().min(1).max(64),
  context: z.looseObject({ from: z.string().optional(), id: z.string().optional() }).optional(),
  errors: z.array(errorSchema).optional(),
});
export type WebhookMessage = z.infer<typeof messageSchema>;

export const statusSchema = z.looseObject({
  id: z.string().min(1).max(512),
  status: z.string(),
  timestamp: unixSeconds.optional(),
  recipient_id: z.string().optional(),
  errors: z.array(errorSchema).optional(),
});
export type WebhookStatus = z.infer<typeof statusSchema>;

/** `value` of a `field: "messages"` change; items stay unknown until checked one by one. */
export const messagesValueSchema = z.looseObject({
  metadata: z.looseObject({
    phone_number_id: z.string().min(1),
    display_phone_number: z.string().optional(),
  }),
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

/** Meta's `timestamp` (unix seconds, as a string) → Date; null when unusable. */
export function parseUnixSeconds(v: string | number | undefined): Date | null {
  if (v === undefined) return null;
  const n = typeof v === "number" ? v : /^\d{1,12}$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isFinite(n) || n < 0 || n > 32503680000) return null;
  return new Date(n * 1000);
}
