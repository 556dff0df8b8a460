import { afterEach, beforeAll, expect, it, vi } from "vitest";
import { desc, eq } from "drizzle-orm";
import { setGlobalClient } from "../../db/client";
import { messages, templates } from "../../db/schema";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId, type World } from "../helpers/factory";
import { installTestConfig } from "../helpers/webhook-fixtures";

// The actions and routes read the signed-in member through lib/session; each test picks who.
const current = vi.hoisted(() => ({
  member: null as null | { id: string; businessId: string; role: string; name: string },
}));
vi.mock("../../lib/session", () => ({ getCurrentMember: async () => current.member }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const NUL = "a\u0000b";

/**
 * PostgreSQL text cannot hold U+0000: text carrying it must be refused as invalid input by every
 * place a person or a client types text, never reach a query and fail there (a 5xx, or the
 * actions' "Something went wrong").
 */
describeEachDb("text with a NUL character", (ctx) => {
  let w: World;
  let conversationId: string;
  let newestMessageId: string;
  let templateId: string;

  beforeAll(async () => {
    installTestConfig();
    setGlobalClient(ctx.raw);
    w = await makeBusiness(ctx.db);
    conversationId = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId());
    // The reply must be current and the campaign's template real, so only the text is wrong.
    [{ id: newestMessageId }] = await ctx.db
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.conversationId, conversationId))
      .orderBy(desc(messages.createdAt))
      .limit(1);
    [{ id: templateId }] = await ctx.db
      .insert(templates)
      .values({ businessId: w.biz.id, name: "welcome", language: "en", body: "Hello" })
      .returning({ id: templates.id });
  });
  afterEach(() => {
    current.member = null;
  });
  const asOwner = () => {
    current.member = { id: w.owner.id, businessId: w.biz.id, role: "owner", name: w.owner.name };
  };

  it.each([["customer"], ["q"]])("GET /api/review/export?%s=%%00 → 400 naming the filter", async (name) => {
    asOwner();
    const { GET } = await import("../../app/api/review/export/route");
    const res = await GET(new Request(`http://127.0.0.1/api/review/export?${name}=%00`));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(name);
  });

  it("the review filters drop a search with NUL and report it, keeping the good ones", async () => {
    const { invalidReviewFilters, parseReviewFilters } = await import("../../lib/services/review/filters");
    const params = { customer: NUL, q: "refund" };
    expect(invalidReviewFilters(params)).toEqual(["customer"]);
    expect(parseReviewFilters(params)).toEqual({ q: "refund" });
  });

  const actions: [string, () => Promise<{ ok: boolean; code?: string }>][] = [
    [
      "reply",
      async () =>
        (await import("../../lib/actions/conversations")).replyAction({
          conversationId,
          text: NUL,
          basedOnMessageId: newestMessageId,
        }),
    ],
    [
      "rename business",
      async () => (await import("../../lib/actions/settings")).renameBusinessAction({ name: NUL }),
    ],
    [
      "add number",
      async () =>
        (await import("../../lib/actions/settings")).addNumberAction({
          phoneNumberId: "123456789012345",
          displayNumber: "+1 555",
          label: NUL,
        }),
    ],
    [
      "create template",
      async () =>
        (await import("../../lib/actions/settings")).createTemplateAction({
          name: "greeting_nul",
          language: "en",
          body: NUL,
        }),
    ],
    [
      "invite",
      async () =>
        (await import("../../lib/actions/team")).inviteMemberAction({
          email: `x${NUL}@t.test`,
          role: "agent",
        }),
    ],
    [
      "campaign",
      async () =>
        (await import("../../lib/actions/campaigns")).createCampaignAction({
          name: NUL,
          templateId,
          numberId: w.numbers[0].id,
          recipients: "15550001234",
          params: [],
        }),
    ],
  ];

  it.each(actions)("the %s action refuses it as invalid input", async (_name, run) => {
    asOwner();
    expect(await run()).toMatchObject({ ok: false, code: "invalid_input" });
  });
});
