import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { campaigns, customers, messages, templates, wabaNumbers } from "../../../db/schema";

export interface CampaignTotals {
  recipients: number;
  pending: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
}

const emptyTotals = (): CampaignTotals => ({
  recipients: 0,
  pending: 0,
  sent: 0,
  delivered: 0,
  read: 0,
  failed: 0,
});

function addStatus(t: CampaignTotals, status: string, n: number) {
  t.recipients += n;
  if (status === "queued" || status === "sending") t.pending += n;
  else if (status === "sent" || status === "delivered" || status === "read" || status === "failed")
    t[status] += n;
}

async function totalsByCampaign(
  db: DbOrTx,
  businessId: string,
  campaignId?: string,
): Promise<Map<string, CampaignTotals>> {
  const rows = await db
    .select({ campaignId: messages.campaignId, status: messages.status, n: sql<number>`count(*)::int` })
    .from(messages)
    .where(
      and(
        eq(messages.businessId, businessId),
        campaignId ? eq(messages.campaignId, campaignId) : sql`${messages.campaignId} is not null`,
      ),
    )
    .groupBy(messages.campaignId, messages.status);
  const out = new Map<string, CampaignTotals>();
  for (const r of rows) {
    if (!r.campaignId) continue;
    const t = out.get(r.campaignId) ?? emptyTotals();
    addStatus(t, r.status, Number(r.n));
    out.set(r.campaignId, t);
  }
  return out;
}

/** The business's campaigns, newest first, with per-status totals. */
export async function listCampaigns(db: DbOrTx, businessId: string) {
  const list = await db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      createdAt: campaigns.createdAt,
      template: templates.name,
      numberLabel: wabaNumbers.label,
      displayNumber: wabaNumbers.displayNumber,
    })
    .from(campaigns)
    .innerJoin(templates, eq(templates.id, campaigns.templateId))
    .innerJoin(wabaNumbers, eq(wabaNumbers.id, campaigns.numberId))
    .where(eq(campaigns.businessId, businessId))
    .orderBy(desc(campaigns.createdAt))
    .limit(100);
  const totals = await totalsByCampaign(db, businessId);
  return list.map((c) => ({ ...c, totals: totals.get(c.id) ?? emptyTotals() }));
}

/** One campaign with its totals and every recipient's status (scoped to the business). */
export async function getCampaign(db: DbOrTx, businessId: string, campaignId: string) {
  const [c] = await db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      createdAt: campaigns.createdAt,
      parameters: campaigns.parameters,
      template: templates.name,
      body: templates.body,
      numberLabel: wabaNumbers.label,
      displayNumber: wabaNumbers.displayNumber,
    })
    .from(campaigns)
    .innerJoin(templates, eq(templates.id, campaigns.templateId))
    .innerJoin(wabaNumbers, eq(wabaNumbers.id, campaigns.numberId))
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.businessId, businessId)));
  if (!c) return null;
  const recipients = await db
    .select({
      messageId: messages.id,
      waId: customers.waId,
      name: customers.profileName,
      status: messages.status,
      errorMessage: messages.errorMessage,
      statusAt: messages.statusAt,
    })
    .from(messages)
    .innerJoin(customers, eq(customers.id, messages.customerId))
    .where(and(eq(messages.campaignId, campaignId), eq(messages.businessId, businessId)))
    .orderBy(asc(customers.waId));
  const totals = (await totalsByCampaign(db, businessId, campaignId)).get(campaignId) ?? emptyTotals();
  return { ...c, totals, recipients };
}
