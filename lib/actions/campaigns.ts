"use server";

import { z } from "zod";
import { storableText } from "../validation/storable-text";
import { getDb } from "../../db/client";
import { createCampaign } from "../services/campaigns/create";
import { getCampaign, listCampaigns } from "../services/campaigns/read";
import { idempotencyKeySchema } from "../services/idempotency";
import { isUuid } from "../services/result";
import { withMember } from "./action-result";

// Campaigns are for admins and owners (SPEC §2): withMember checks the role as the database has
// it now, and createCampaign checks it again inside its transaction.

const invalid = {
  ok: false as const,
  code: "invalid_input",
  message: "That request was not understood. Reload and try again.",
};

const createSchema = z.object({
  name: storableText().max(200),
  templateId: z.string(),
  numberId: z.string(),
  recipients: storableText().max(400_000),
  params: z.array(storableText().max(1024)).max(20),
  idempotencyKey: idempotencyKeySchema.optional(),
});

export async function createCampaignAction(input: unknown) {
  return withMember("campaigns.manage", async (me) => {
    const p = createSchema.safeParse(input);
    if (!p.success) return invalid;
    return createCampaign(getDb(), { memberId: me.id, ...p.data });
  });
}

export async function listCampaignsAction() {
  return withMember("campaigns.manage", async (me) => ({
    ok: true as const,
    campaigns: await listCampaigns(getDb(), me.businessId),
  }));
}

type CampaignDetail = NonNullable<Awaited<ReturnType<typeof getCampaign>>>;

export async function getCampaignAction(input: unknown) {
  return withMember<{ campaign: CampaignDetail }>("campaigns.manage", async (me) => {
    const p = z.object({ campaignId: z.string() }).safeParse(input);
    if (!p.success || !isUuid(p.data.campaignId)) return invalid;
    const campaign = await getCampaign(getDb(), me.businessId, p.data.campaignId);
    if (!campaign) return { ok: false as const, code: "not_found", message: "Campaign not found." };
    return { ok: true as const, campaign };
  });
}
