import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaigns, templates } from "../../../db/schema";
import { placeholderCount } from "../templates/render";
import { isUuid, refuse, RefusalError } from "../result";
import { runInTx } from "../run";
import { loadActor } from "../members/actor";

/**
 * The template catalogue as the settings page manages it. The templates themselves are approved
 * at Meta; this is the business's local copy of their names, languages and bodies.
 */
export function listTemplates(db: Db, input: { actorId: string }) {
  return runInTx(db, async (tx) => {
    const actor = await loadActor(tx, input.actorId, "settings.manage");
    const rows = await tx
      .select()
      .from(templates)
      .where(eq(templates.businessId, actor.businessId))
      .orderBy(asc(templates.name), asc(templates.language));
    return { rows: rows.map((t) => ({ ...t, placeholders: placeholderCount(t.body) })) };
  });
}

export interface CreateTemplateInput {
  actorId: string;
  name: string;
  language: string;
  body: string;
  quickReplies?: string[];
}

export function createTemplate(db: Db, input: CreateTemplateInput) {
  return runInTx(db, async (tx) => {
    const actor = await loadActor(tx, input.actorId, "settings.manage");
    const name = input.name.trim();
    const language = input.language.trim() || "en_US";
    const body = input.body.trim();
    const quickReplies = (input.quickReplies ?? []).map((q) => q.trim()).filter(Boolean);
    if (!/^[a-z0-9_]{1,512}$/.test(name)) {
      throw new RefusalError(
        refuse(
          "invalid_input",
          "Use the template's name as approved at Meta: lowercase letters, digits and _.",
        ),
      );
    }
    if (!/^[a-z]{2,3}(_[A-Z]{2})?$/.test(language))
      throw new RefusalError(refuse("invalid_input", "Language is a code such as en_US."));
    if (!body || body.length > 1024)
      throw new RefusalError(refuse("invalid_input", "The body must be 1 to 1,024 characters."));
    const n = placeholderCount(body);
    for (let i = 1; i <= n; i++) {
      if (!new RegExp(`\\{\\{\\s*${i}\\s*\\}\\}`).test(body))
        throw new RefusalError(
          refuse("invalid_input", `Parameters must be numbered {{1}} to {{${n}}} without gaps.`),
        );
    }
    if (quickReplies.length > 3 || quickReplies.some((q) => q.length > 25)) {
      throw new RefusalError(refuse("invalid_input", "At most 3 quick replies of up to 25 characters."));
    }
    const [dup] = await tx
      .select({ id: templates.id })
      .from(templates)
      .where(
        and(
          eq(templates.businessId, actor.businessId),
          eq(templates.name, name),
          eq(templates.language, language),
        ),
      );
    if (dup)
      throw new RefusalError(refuse("invalid_input", `A template ${name} (${language}) exists already.`));
    const [row] = await tx
      .insert(templates)
      .values({ businessId: actor.businessId, name, language, body, quickReplies })
      .returning({ id: templates.id });
    return { templateId: row.id };
  });
}

/** Remove a template no campaign has used; one that has stays, so campaign history keeps its text. */
export function deleteTemplate(db: Db, input: { actorId: string; templateId: string }) {
  return runInTx(db, async (tx) => {
    const actor = await loadActor(tx, input.actorId, "settings.manage");
    if (!isUuid(input.templateId)) throw new RefusalError(refuse("not_found", "Template not found."));
    const [t] = await tx
      .select({ id: templates.id })
      .from(templates)
      .where(and(eq(templates.id, input.templateId), eq(templates.businessId, actor.businessId)))
      .for("update");
    if (!t) throw new RefusalError(refuse("not_found", "Template not found."));
    const [used] = await tx
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(eq(campaigns.templateId, t.id))
      .limit(1);
    if (used)
      throw new RefusalError(
        refuse("invalid_input", "A campaign used this template, so it stays in the catalogue."),
      );
    await tx.delete(templates).where(and(eq(templates.id, t.id), eq(templates.businessId, actor.businessId)));
    return { templateId: t.id };
  });
}
