import { newWaId } from "../../helpers/factory";
import { assignedTo, failedMessage, peer } from "./fixture";
import type { ActionEntry } from "./types";

// lib/actions/campaigns.ts, dashboard.ts, messages.ts and templates.ts.
export const moreActions: ActionEntry[] = [
  {
    module: "campaigns",
    name: "createCampaignAction",
    needs: "campaigns.manage",
    mutates: true,
    // the other business's template and number
    otherRefusal: "not_found",
    input: async (fx, side) => ({
      name: "Spring sale",
      templateId: fx.template.get(side.world.biz.id),
      numberId: side.world.numbers[0].id,
      recipients: `+${newWaId()}`,
      params: ["friend"],
    }),
  },
  {
    module: "campaigns",
    name: "listCampaignsAction",
    needs: "campaigns.manage",
    mutates: false,
    input: async () => undefined,
  },
  {
    module: "campaigns",
    name: "getCampaignAction",
    needs: "campaigns.manage",
    mutates: false,
    otherRefusal: "not_found",
    input: async (fx, side) => {
      const { campaigns } = await import("../../../db/schema");
      const { eq } = await import("drizzle-orm");
      const [c] = await fx.db.select().from(campaigns).where(eq(campaigns.businessId, side.world.biz.id));
      return { campaignId: c.id };
    },
  },
  {
    module: "dashboard",
    name: "bulkReassignAction",
    needs: "dashboard.bulk_reassign",
    mutates: true,
    // the other business's member is no target to move anything to
    otherRefusal: "invalid_target",
    input: async (fx, side) => ({
      conversationIds: [await assignedTo(fx, side, side.world.ben)],
      targetMemberId: side.world.manager.id,
    }),
  },
  {
    module: "dashboard",
    name: "moveAllAssignedAction",
    needs: "dashboard.bulk_reassign",
    mutates: true,
    otherRefusal: "not_found",
    input: async (fx, side) => {
      await assignedTo(fx, side, side.world.ben);
      return { fromMemberId: side.world.ben.id, toMemberId: null };
    },
  },
  {
    module: "messages",
    name: "retryMessageAction",
    needs: "conversation.work_own",
    mutates: true,
    otherRefusal: "not_found",
    // a failed reply in the caller's own Assigned conversation: every role may retry it
    input: async (fx, side, c) => ({ messageId: await failedMessage(fx, side, peer(side, c.role)) }),
  },
  {
    module: "templates",
    name: "listTemplatesAction",
    needs: "conversation.view",
    mutates: false,
    input: async () => undefined,
  },
];
