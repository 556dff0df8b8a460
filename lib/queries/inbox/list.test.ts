import { expect, it } from "vitest";
import { describeEachDb } from "../../../tests/helpers/db";
import { makeBusiness, newWaId, newWamid } from "../../../tests/helpers/factory";
import { campaigns, messages, templates } from "../../../db/schema";
import { receiveCustomerMessage, upsertCustomer } from "../../services/conversations/customer-message";
import { pickUp } from "../../services/conversations/transition";
import { getCounts } from "./counts";
import { listConversations } from "./list";
import { listAssignableMembers } from "./members";
import { markRead } from "./reads";
import { getThread } from "./thread";

describeEachDb("inbox queries", (ctx) => {
  it("pages a tab newest first with keyset cursors, counts per member unread, and scopes to the business", async () => {
    const w = await makeBusiness(ctx.db);
    const other = await makeBusiness(ctx.db);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await receiveCustomerMessage(ctx.db, {
        phoneNumberId: w.numbers[i % 2].phoneNumberId,
        customer: { waId: newWaId(), profileName: `Customer ${i}` },
        message: {
          wamid: newWamid(),
          type: "text",
          body: `hello ${i}`,
          timestamp: new Date(Date.now() - (10 - i) * 60_000),
        },
      });
      if (!r.ok) throw new Error(r.message);
      ids.push(r.conversationId!);
    }
    await receiveCustomerMessage(ctx.db, {
      phoneNumberId: other.numbers[0].phoneNumberId,
      customer: { waId: newWaId(), profileName: "Elsewhere" },
      message: { wamid: newWamid(), type: "text", body: "not yours", timestamp: new Date() },
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      if (++pages > 10) throw new Error("pagination does not end");
      const page = await listConversations(ctx.db, {
        businessId: w.biz.id,
        memberId: w.asha.id,
        tab: "open",
        cursor,
        limit: 3,
      });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const first = await listConversations(ctx.db, { businessId: w.biz.id, memberId: w.asha.id, tab: "open" });
    expect(first.items.every((i) => i.unread === 1)).toBe(true);
    expect(first.items[0]).toMatchObject({
      customerName: "Customer 6",
      numberLabel: "Sales",
      preview: "hello 6",
    });
    await markRead(ctx.db, { businessId: w.biz.id, memberId: w.asha.id, conversationId: ids[6] });
    const again = await listConversations(ctx.db, {
      businessId: w.biz.id,
      memberId: w.asha.id,
      tab: "open",
      limit: 1,
    });
    expect(again.items[0].unread).toBe(0);
    const forBen = await listConversations(ctx.db, {
      businessId: w.biz.id,
      memberId: w.ben.id,
      tab: "open",
      limit: 1,
    });
    expect(forBen.items[0].unread).toBe(1);

    await pickUp(ctx.db, { memberId: w.ben.id, conversationId: ids[0] });
    const mine = await listConversations(ctx.db, {
      businessId: w.biz.id,
      memberId: w.asha.id,
      tab: "assigned",
      mine: true,
    });
    expect(mine.items).toEqual([]);
    const all = await listConversations(ctx.db, {
      businessId: w.biz.id,
      memberId: w.asha.id,
      tab: "assigned",
    });
    expect(all.items.map((i) => [i.id, i.assigneeName])).toEqual([[ids[0], "Ben Okafor"]]);
    expect(await getCounts(ctx.db, w.biz.id)).toMatchObject({ open: 6, assigned: 1, closed: 0 });
    const team = await listAssignableMembers(ctx.db, w.biz.id);
    expect(team.find((m) => m.id === w.ben.id)?.load).toBe(1);
    expect(team.find((m) => m.id === w.asha.id)?.load).toBe(0);

    const t = await getThread(ctx.db, {
      businessId: w.biz.id,
      memberId: w.asha.id,
      conversationId: ids[0],
      defaultAutoCloseMinutes: 60,
    });
    expect(t?.events.map((e) => e.kind)).toEqual(["opened", "picked_up"]);
    expect(t?.conversation.autoCloseAt).toBeTruthy();
    expect(
      await getThread(ctx.db, {
        businessId: other.biz.id,
        memberId: other.asha.id,
        conversationId: ids[0],
        defaultAutoCloseMinutes: 60,
      }),
    ).toBeNull();
  });

  it("shows above a customer's reply the campaign message it answers", async () => {
    const w = await makeBusiness(ctx.db);
    const [tpl] = await ctx.db
      .insert(templates)
      .values({ businessId: w.biz.id, name: "promo", body: "Spring sale {{1}}" })
      .returning();
    const [camp] = await ctx.db
      .insert(campaigns)
      .values({ businessId: w.biz.id, name: "Spring sale", templateId: tpl.id, numberId: w.numbers[0].id })
      .returning();
    const waId = newWaId();
    const customer = await ctx.db.transaction((tx) => upsertCustomer(tx as never, w.biz.id, { waId }));
    const wamid = newWamid();
    await ctx.db.insert(messages).values({
      businessId: w.biz.id,
      numberId: w.numbers[0].id,
      customerId: customer.id,
      campaignId: camp.id,
      direction: "outbound",
      type: "template",
      body: "Spring sale starts now",
      wamid,
      status: "read",
    });
    const r = await receiveCustomerMessage(ctx.db, {
      phoneNumberId: w.numbers[0].phoneNumberId,
      customer: { waId },
      message: {
        wamid: newWamid(),
        type: "text",
        body: "Is it on shoes too?",
        timestamp: new Date(),
        replyToWamid: wamid,
      },
    });
    if (!r.ok) throw new Error(r.message);
    const t = await getThread(ctx.db, {
      businessId: w.biz.id,
      memberId: w.asha.id,
      conversationId: r.conversationId!,
      defaultAutoCloseMinutes: 60,
    });
    expect(t?.messages.map((m) => m.body)).toEqual(["Is it on shoes too?"]);
    expect(t?.replied).toEqual([
      expect.objectContaining({ wamid, campaignName: "Spring sale", body: "Spring sale starts now" }),
    ]);
    expect(t?.conversation.windowClosesAt).toBeTruthy();
  });
});
