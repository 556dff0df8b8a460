import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaigns, templates, type Template } from "../../../db/schema";
import { can } from "../../domain/roles";
import { reserveSeq } from "../business-seq";
import { loadActiveMember } from "../conversations/load";
import { isUuid, refuse, RefusalError, type Result } from "../result";
import { runInTx } from "../run";
import { placeholderCount } from "./render";

/**
 * The business's template catalogue (name, language, body with {{1}} parameters, quick replies).
 * Only approved templates can be sent on WhatsApp; approval happens at Meta, so this catalogue
 * mirrors what the business has there. Admins and owners keep it.
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

export interface CreateTemplateInput {
  memberId: string;
  name: string;
  language?: string;
  body: string;
  quickReplies?: string[];
}

export async function createTemplate(
  db: Db,
  input: CreateTemplateInput,
): Promise<Result<{ templateId: string }>> {
  const name = input.name.trim();
  const language = (input.language ?? "en_US").trim();
  const body = input.body.trim();
  const quickReplies = (input.quickReplies ?? []).map((q) => q.trim()).filter(Boolean);
  // Meta's rules: lowercase letters, digits and underscores; body up to 1024 characters.
  if (!/^[a-z0-9_]{1,512}$/.test(name))
    return refuse("invalid_input", "The name may use lowercase letters, digits and underscores only.");
  if (!/^[a-z]{2,3}(_[A-Z]{2})?$/.test(language))
    return refuse("invalid_input", "Language is a code such as en_US or pt_BR.");
  if (!body || body.length > 1024)
    return refuse("invalid_input", "The body is required, up to 1024 characters.");
  const n = placeholderCount(body);
  for (let i = 1; i <= n; i++) {
    if (!new RegExp(`\\{\\{\\s*${i}\\s*\\}\\}`).test(body))
      return refuse("invalid_input", `Parameters must be numbered {{1}} to {{${n}}} without gaps.`);
  }
  if (quickReplies.length > 3 || quickReplies.some((q) => q.length > 25)) {
    return refuse("invalid_input", "Up to 3 quick replies of up to 25 characters each.");
  }
  return runInTx(db, async (tx, events) => {
    const actor = await loadActiveMember(tx, input.memberId);
    if (!can(actor.role, "settings.manage"))
      throw new RefusalError(refuse("forbidden", "Only admins and owners can change templates."));
    const [row] = await tx
      .insert(templates)
      .values({ businessId: actor.businessId, name, language, body, quickReplies })
      .onConflictDoNothing()
      .returning({ id: templates.id });
    if (!row)
      throw new RefusalError(
        refuse("invalid_input", `A template named ${name} in ${language} already exists.`),
      );
    const seq = await reserveSeq(tx, actor.businessId, 1);
    events.push({
      type: "business.changed",
      businessId: actor.businessId,
      seq,
      at: new Date().toISOString(),
    });
    return { templateId: row.id };
  });
}

export async function deleteTemplate(
  db: Db,
  input: { memberId: string; templateId: string },
): Promise<Result<{ templateId: string }>> {
  if (!isUuid(input.templateId)) return refuse("not_found", "Template not found.");
  return runInTx(db, async (tx, events) => {
    const actor = await loadActiveMember(tx, input.memberId);
    if (!can(actor.role, "settings.manage"))
      throw new RefusalError(refuse("forbidden", "Only admins and owners can change templates."));
    const where = and(eq(templates.id, input.templateId), eq(templates.businessId, actor.businessId));
    const [t] = await tx.select({ id: templates.id }).from(templates).where(where);
    if (!t) throw new RefusalError(refuse("not_found", "Template not found."));
    const [used] = await tx
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(eq(campaigns.templateId, t.id))
      .limit(1);
    if (used)
      throw new RefusalError(
        refuse(
          "invalid_input",
          "A campaign used this template; it stays so the campaign's history stays readable.",
        ),
      );
    await tx.delete(templates).where(where);
    const seq = await reserveSeq(tx, actor.businessId, 1);
    events.push({
      type: "business.changed",
      businessId: actor.businessId,
      seq,
      at: new Date().toISOString(),
    });
    return { templateId: t.id };
  });
}
