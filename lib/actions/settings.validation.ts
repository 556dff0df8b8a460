import { z } from "zod";

const id = z.string().uuid();

export const businessNameSchema = z.object({ name: z.string().max(200) });
/** null = back to the server's default; the range itself is the service's to check (one message). */
export const autoCloseSchema = z.object({ minutes: z.number().nullable() });
export const addNumberSchema = z.object({
  phoneNumberId: z.string().max(40),
  displayNumber: z.string().max(80),
  label: z.string().max(80),
});
export const updateNumberSchema = z.object({
  numberId: id,
  label: z.string().max(80).optional(),
  active: z.boolean().optional(),
});
export const createTemplateSchema = z.object({
  name: z.string().max(512),
  language: z.string().max(16),
  body: z.string().max(2048),
  quickReplies: z.array(z.string().max(60)).max(10).optional(),
});
export const templateIdSchema = z.object({ templateId: id });
