import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaigns, customers, messages, templates, wabaNumbers } from "../../../db/schema";
import { can } from "../../domain/roles";
import { hooks } from "../../hooks";
import { reserveSeq } from "../business-seq";
import { loadActiveMember } from "../conversations/load";
import { isUuid, refuse, RefusalError, type Result } from "../result";
import { replayed, rememberResult } from "../idempotency";
import { runInTx } from "../run";
import { renderTemplate } from "../templates/render";
import { MAX_RECIPIENTS, parseRecipients, type ParsedRecipients } from "./recipients";

export interface CreateCampaignInput {
  memberId: string;
  name: string;
  templateId: string;
  numberId: string;
  /** the pasted list, one number a line */
  recipients: string;
  params: string[];
  /** the client's key for this send: a second call with it returns the first one's result */
  idempotencyKey?: string;
  now?: Date;
}

export type CreateCampaignValue = {
  campaignId: string;
  queued: number;
  duplicates: number;
  invalid: ParsedRecipients["invalid"];
};

const CHUNK = 500;

/**
 * Start a campaign (admins and owners, checked against the database): one outbound template
 * message per recipient, committed as `queued` with campaign_id set and conversation_id NULL.
 * They never appear in the inbox and open no conversation; the outbox sends them at the
 * number's rate limit. Customers are created (keyed on wa_id) so replies join them.
 */
export async function createCampaign(
  db: Db,
  input: CreateCampaignInput,
): Promise<Result<CreateCampaignValue>> {
  const now = input.now ?? new Date();
  const name = input.name.trim();
  if (!name || name.length > 120)
    return refuse("invalid_input", "Give the campaign a name (up to 120 characters).");
  if (!isUuid(input.templateId)) return refuse("invalid_input", "Choose a template.");
  if (!isUuid(input.numberId)) return refuse("invalid_input", "Choose the number to send from.");
  const parsed = parseRecipients(input.recipients);
  if (!parsed.waIds.length) {
    const bad = parsed.invalid.slice(0, 5).map((b) => `line ${b.line} “${b.text}”: ${b.reason}`);
    return refuse(
      "invalid_input",
      bad.length ? `None of the numbers is valid — ${bad.join("; ")}.` : "Paste at least one phone number.",
      { invalid: parsed.invalid },
    );
  }
  if (parsed.waIds.length > MAX_RECIPIENTS)
    return refuse("invalid_input", `A campaign can have at most ${MAX_RECIPIENTS} recipients.`);

  return runInTx(
    db,
    async (tx, events) => {
      const actor = await loadActiveMember(tx, input.memberId);
      if (!can(actor.role, "campaigns.manage"))
        throw new RefusalError(refuse("forbidden", "Only admins and owners can send campaigns."));
      const action = `campaign:${actor.id}`;
      const prior = await replayed<CreateCampaignValue>(tx, actor.businessId, input.idempotencyKey, action);
      if (prior) return prior;
      const [tpl] = await tx
        .select()
        .from(templates)
        .where(and(eq(templates.id, input.templateId), eq(templates.businessId, actor.businessId)));
      if (!tpl) throw new RefusalError(refuse("not_found", "Template not found."));
      const [number] = await tx
        .select()
        .from(wabaNumbers)
        .where(and(eq(wabaNumbers.id, input.numberId), eq(wabaNumbers.businessId, actor.businessId)));
      if (!number?.active) throw new RefusalError(refuse("not_found", "Number not found."));
      const params = input.params.map((p) => p.trim());
      const rendered = renderTemplate(tpl.body, params);
      if (!rendered.ok) throw new RefusalError(refuse("invalid_input", rendered.message));

      const [campaign] = await tx
        .insert(campaigns)
        .values({
          businessId: actor.businessId,
          name,
          templateId: tpl.id,
          numberId: number.id,
          createdById: actor.id,
          parameters: params,
          recipientCount: parsed.waIds.length,
          createdAt: now,
        })
        .returning({ id: campaigns.id });

      const payload = {
        template: { name: tpl.name, language: tpl.language, params, quickReplies: tpl.quickReplies },
      };
      for (let i = 0; i < parsed.waIds.length; i += CHUNK) {
        const chunk = parsed.waIds.slice(i, i + CHUNK);
        await tx
          .insert(customers)
          .values(chunk.map((waId) => ({ businessId: actor.businessId, waId })))
          .onConflictDoNothing();
        const rows = await tx
          .select({ id: customers.id, waId: customers.waId })
          .from(customers)
          .where(and(eq(customers.businessId, actor.businessId), inArray(customers.waId, chunk)));
        await tx.insert(messages).values(
          rows.map((c) => ({
            businessId: actor.businessId,
            numberId: number.id,
            customerId: c.id,
            conversationId: null,
            campaignId: campaign.id,
            direction: "outbound" as const,
            type: "template",
            body: rendered.text,
            payload,
            status: "queued" as const,
            authorId: actor.id,
            sentAt: now,
            nextAttemptAt: now,
            statusAt: now,
            createdAt: now,
          })),
        );
      }
      const seq = await reserveSeq(tx, actor.businessId, 1);
      events.push({ type: "business.changed", businessId: actor.businessId, seq, at: now.toISOString() });
      const value = {
        campaignId: campaign.id,
        queued: parsed.waIds.length,
        duplicates: parsed.duplicates,
        invalid: parsed.invalid,
      };
      await rememberResult(tx, actor.businessId, input.idempotencyKey, value);
      return value;
    },
    () => hooks().outboxKick?.(),
  );
}
