import { asc, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { templates, type Template } from "../../../db/schema";
import { placeholderCount } from "./render";

/**
 * The business's template catalogue (name, language, body with {{1}} parameters, quick replies).
 * Only approved templates can be sent on WhatsApp; approval happens at Meta, so this catalogue
 * mirrors what the business has there. Every member may list it to send a template; admins and
 * owners change it through lib/services/settings/templates.ts.
 */
export async function listTemplates(
  db: Db,
  businessId: string,
): Promise<(Template & { paramCount: number })[]> {
  const rows = await db
    .select()
    .from(templates)
    .where(eq(templates.businessId, businessId))
    .orderBy(asc(templates.name), asc(templates.language));
  return rows.map((t) => ({ ...t, paramCount: placeholderCount(t.body) }));
}
