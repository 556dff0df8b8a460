import { z } from "zod";

/**
 * PostgreSQL text and jsonb cannot hold the NUL character (U+0000): a query carrying one fails,
 * which would surface as a 5xx. Every text a person or a client sends (search boxes, filters,
 * messages, names, settings, sign-in) is checked with this refinement and refused as invalid
 * input before it reaches the database. Webhook bodies come from Meta and must not be refused, so
 * they are cleaned instead (lib/whatsapp/json-safety.ts).
 */
export const NUL_MESSAGE = "Text must not contain the NUL character.";

export const hasNul = (s: string) => s.includes("\u0000");

/** z.string() that refuses NUL; chain .max()/.trim() etc. as on any string schema. */
export const storableText = () => z.string().refine((s) => !hasNul(s), NUL_MESSAGE);
