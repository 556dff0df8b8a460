import { z } from "zod";
import { storableText } from "../validation/storable-text";

const id = z.string().uuid();

export const businessNameSchema = z.object({ name: storableText().max(200) });
/** null = back to the server's default; the range itself is the service's to check (one message). */
export const autoCloseSchema = z.object({ minutes: z.number().nullable() });
export const addNumberSchema = z.object({
  phoneNumberId: storableText().max(40),
  displayNumber: storableText().max(80),
  label: storableText().max(80),
});
export const updateNumberSchema = z.object({
  numberId: id,
  label: storableText().max(80).optional(),
  active: z.boolean().optional(),
});
export const createTemplateSchema = z.object({
  name: storableText().max(512),
  language: storableText().max(16),
  body: storableText().max(2048),
  quickReplies: z.array(storableText().max(60)).max(10).optional(),
});
export const templateIdSchema = z.object({ templateId: id });
