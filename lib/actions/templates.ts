"use server";

import { z } from "zod";
import { getDb } from "../../db/client";
import { createTemplate, deleteTemplate, listTemplates } from "../services/templates/catalogue";
import { withMember } from "./action-result";

// Thin actions over the template catalogue: the member is re-read from the database and the
// service re-checks the role (admins and owners change it; every member may list it to send).

const invalid = {
  ok: false as const,
  code: "invalid_input",
  message: "That request was not understood. Reload and try again.",
};

export async function listTemplatesAction() {
  return withMember("conversation.view", async (me) => ({
    ok: true as const,
    templates: await listTemplates(getDb(), me.businessId),
  }));
}

const createSchema = z.object({
  name: z.string().max(512),
  language: z.string().max(16).optional(),
  body: z.string().max(2048),
  quickReplies: z.array(z.string().max(64)).max(10).optional(),
});

export async function createTemplateAction(input: unknown) {
  return withMember("settings.manage", async (me) => {
    const p = createSchema.safeParse(input);
    if (!p.success) return invalid;
    return createTemplate(getDb(), { memberId: me.id, ...p.data });
  });
}

export async function deleteTemplateAction(input: unknown) {
  return withMember("settings.manage", async (me) => {
    const p = z.object({ templateId: z.string() }).safeParse(input);
    if (!p.success) return invalid;
    return deleteTemplate(getDb(), { memberId: me.id, templateId: p.data.templateId });
  });
}
