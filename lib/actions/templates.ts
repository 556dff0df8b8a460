"use server";

import { getDb } from "../../db/client";
import { listTemplates } from "../services/templates/catalogue";
import { withMember } from "./action-result";

// Every member may list the catalogue to send a template; changing it is a settings action
// (lib/actions/settings.ts).

export async function listTemplatesAction() {
  return withMember("conversation.view", async (me) => ({
    ok: true as const,
    templates: await listTemplates(getDb(), me.businessId),
  }));
}
