import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Db } from "../../db/client";
import { businesses, conversationEvents, conversations, customers, members, messages } from "../../db/schema";
import { receiveCustomerMessage } from "../../lib/services/conversations/customer-message";
import { reply } from "../../lib/services/conversations/reply";
import { assign, pickUp, reassign, resolve } from "../../lib/services/conversations/transition";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId, newWamid } from "../helpers/factory";

/** Everything the service layer can change, to prove a refusal changed nothing. */
async function snapshot(db: Db) {
  const [c, m, e, cu, b] = await Promise.all([
    db.select().from(conversations).orderBy(conversations.id),
    db.select().from(messages).orderBy(messages.id),
    db.select().from(conversationEvents).orderBy(conversationEvents.id),
    db.select().from(customers).orderBy(customers.id),
    db.select().from(businesses).orderBy(businesses.id),
  ]);
  return { c, m, e, cu, b };
}

describeEachDb("bad input to the service layer: typed refusal, database unchanged", (ctx) => {
  it.each([
    [
      "an unknown conversation id",
      "not_found",
      async (w: Awaited<ReturnType<typeof makeBusiness>>) =>
        pickUp(ctx.db, { memberId: w.asha.id, conversationId: "00000000-0000-4000-8000-000000000000" }),
    ],
    [
      "a conversation id that is not a uuid",
      "not_found",
      async (w: Awaited<ReturnType<typeof makeBusiness>>) =>
        reply(ctx.db, { memberId: w.asha.id, conversationId: "'; drop table messages; --", text: "hi" }),
    ],
    [
      "an unknown member",
      "inactive_member",
      async (_w: Awaited<ReturnType<typeof makeBusiness>>, id: string) =>
        pickUp(ctx.db, { memberId: "00000000-0000-4000-8000-000000000001", conversationId: id }),
    ],
    [
      "empty text",
      "invalid_input",
      async (w: Awaited<ReturnType<typeof makeBusiness>>, id: string) =>
        reply(ctx.db, { memberId: w.asha.id, conversationId: id, text: "   \n " }),
    ],
    [
      "text over 4,096 characters",
      "invalid_input",
      async (w: Awaited<ReturnType<typeof makeBusiness>>, id: string) =>
        reply(ctx.db, { memberId: w.asha.id, conversationId: id, text: "x".repeat(4097) }),
    ],
  ] as const)("%s → %s", async (_what, code, act) => {
    const w = await makeBusiness(ctx.db);
    const id = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId());
    const before = await snapshot(ctx.db);
    const r = await act(w, id);
    expect(r).toMatchObject({ ok: false, code });
    expect(!r.ok && r.message.length).toBeGreaterThan(5);
    expect(await snapshot(ctx.db)).toEqual(before);
  });

  it("4,096 characters exactly is accepted", async () => {
    const w = await makeBusiness(ctx.db);
    const id = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId());
    expect(
      await reply(ctx.db, { memberId: w.asha.id, conversationId: id, text: "y".repeat(4096) }),
    ).toMatchObject({ ok: true });
  });

  it("another business's conversation reads as not found to pick up, reply, assign and resolve", async () => {
    const mine = await makeBusiness(ctx.db);
    const theirs = await makeBusiness(ctx.db);
    const id = await customerSays(ctx.db, theirs.numbers[0].phoneNumberId, newWaId());
    const before = await snapshot(ctx.db);
    for (const r of [
      await pickUp(ctx.db, { memberId: mine.owner.id, conversationId: id }),
      await reply(ctx.db, { memberId: mine.owner.id, conversationId: id, text: "hi" }),
      await assign(ctx.db, { memberId: mine.owner.id, conversationId: id, targetMemberId: mine.asha.id }),
      await resolve(ctx.db, { memberId: mine.owner.id, conversationId: id }),
    ]) {
      expect(r).toMatchObject({ ok: false, code: "not_found", message: "Conversation not found." });
    }
    expect(await snapshot(ctx.db)).toEqual(before);
  });

  it("a deactivated member can do nothing", async () => {
    const w = await makeBusiness(ctx.db);
    const id = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId());
    await ctx.db.update(members).set({ active: false }).where(eq(members.id, w.asha.id));
    const before = await snapshot(ctx.db);
    expect(await reply(ctx.db, { memberId: w.asha.id, conversationId: id, text: "hi" })).toMatchObject({
      ok: false,
      code: "inactive_member",
    });
    expect(await pickUp(ctx.db, { memberId: w.asha.id, conversationId: id })).toMatchObject({
      ok: false,
      code: "inactive_member",
    });
    expect(await snapshot(ctx.db)).toEqual(before);
  });

  it("assigning to a member of another business, or a deactivated one, is refused", async () => {
    const w = await makeBusiness(ctx.db);
    const other = await makeBusiness(ctx.db);
    const id = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId());
    await ctx.db.update(members).set({ active: false }).where(eq(members.id, w.ben.id));
    const before = await snapshot(ctx.db);
    for (const target of [other.asha.id, w.ben.id, "not-a-uuid"]) {
      expect(
        await assign(ctx.db, { memberId: w.manager.id, conversationId: id, targetMemberId: target }),
      ).toMatchObject({
        ok: false,
        code: "invalid_target",
      });
    }
    await pickUp(ctx.db, { memberId: w.asha.id, conversationId: id });
    const mid = await snapshot(ctx.db);
    expect(
      await reassign(ctx.db, { memberId: w.manager.id, conversationId: id, targetMemberId: other.ben.id }),
    ).toMatchObject({ ok: false });
    expect(await snapshot(ctx.db)).toEqual(mid);
    expect(before.c.length).toBe(mid.c.length);
  });

  it("a customer message to a number no business owns, or without a wamid, is refused and stores nothing", async () => {
    const before = await snapshot(ctx.db);
    expect(
      await receiveCustomerMessage(ctx.db, {
        phoneNumberId: "999999999999999",
        customer: { waId: newWaId() },
        message: { wamid: newWamid(), type: "text", body: "hi", timestamp: new Date() },
      }),
    ).toMatchObject({ ok: false, code: "not_found" });
    const w = await makeBusiness(ctx.db);
    const mid = await snapshot(ctx.db);
    expect(
      await receiveCustomerMessage(ctx.db, {
        phoneNumberId: w.numbers[0].phoneNumberId,
        customer: { waId: newWaId() },
        message: { wamid: "", type: "text", body: "hi", timestamp: new Date() },
      }),
    ).toMatchObject({ ok: false, code: "invalid_input" });
    expect(
      await receiveCustomerMessage(ctx.db, {
        phoneNumberId: w.numbers[0].phoneNumberId,
        customer: {},
        message: { wamid: newWamid(), type: "text", body: "hi", timestamp: new Date() },
      }),
    ).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await snapshot(ctx.db)).toEqual(mid);
    expect(before.c.length).toBe(mid.c.length);
  });
});
