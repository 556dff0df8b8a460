import { and, asc, count, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { conversationEvents, conversations, messages } from "../../db/schema";
import { receiveCustomerMessage } from "../../lib/services/conversations/customer-message";
import { reply } from "../../lib/services/conversations/reply";
import {
  assign,
  pickUp,
  reassign,
  resolve,
  returnToOpen,
  takeOver,
} from "../../lib/services/conversations/transition";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId, newWamid, reloadBusiness } from "../helpers/factory";

describeEachDb("conversation lifecycle through the service layer", (ctx) => {
  const conv = async (id: string) =>
    (await ctx.db.select().from(conversations).where(eq(conversations.id, id)))[0];
  const timeline = async (id: string) =>
    ctx.db
      .select()
      .from(conversationEvents)
      .where(eq(conversationEvents.conversationId, id))
      .orderBy(asc(conversationEvents.ordinal));

  it("T1 → T5 → T13 → T11 → T2: opened, reply picks up, resolved, reopens unassigned with history", async () => {
    const w = await makeBusiness(ctx.db);
    const waId = newWaId();
    const id = await customerSays(ctx.db, w.numbers[0].phoneNumberId, waId, "Hi");
    expect(await conv(id)).toMatchObject({ state: "open", assigneeId: null });

    const r1 = await reply(ctx.db, {
      memberId: w.asha.id,
      conversationId: id,
      text: "Hello! How can I help?",
    });
    expect(r1).toMatchObject({ ok: true, pickedUp: true, state: "assigned" });
    expect(await conv(id)).toMatchObject({ state: "assigned", assigneeId: w.asha.id });

    const r2 = await reply(ctx.db, { memberId: w.asha.id, conversationId: id, text: "Still there?" });
    expect(r2).toMatchObject({ ok: true, pickedUp: false });

    expect(await resolve(ctx.db, { memberId: w.asha.id, conversationId: id })).toMatchObject({
      ok: true,
      state: "closed",
    });
    expect(await conv(id)).toMatchObject({
      state: "closed",
      closedReason: "resolved",
      closedById: w.asha.id,
      assigneeId: null,
    });

    const again = await customerSays(ctx.db, w.numbers[0].phoneNumberId, waId, "One more thing");
    expect(again).toBe(id);
    expect(await conv(id)).toMatchObject({ state: "open", assigneeId: null, closedReason: null });
    const [{ n }] = await ctx.db.select({ n: count() }).from(messages).where(eq(messages.conversationId, id));
    expect(n).toBe(4);
    const kinds = (await timeline(id)).map((e) => e.kind);
    expect(kinds).toEqual(["opened", "picked_up", "resolved", "reopened"]);
    const picked = (await timeline(id))[1];
    expect(picked).toMatchObject({
      actorId: w.asha.id,
      fromAssigneeId: null,
      toAssigneeId: w.asha.id,
      fromState: "open",
      toState: "assigned",
    });
  });

  it("T6, T7, T8, T9, T14, T12 record who did it and the assignee before and after", async () => {
    const w = await makeBusiness(ctx.db);
    const id = await customerSays(ctx.db, w.numbers[1].phoneNumberId, newWaId());
    expect(await pickUp(ctx.db, { memberId: w.ben.id, conversationId: id })).toMatchObject({
      ok: true,
      assigneeId: w.ben.id,
    });
    expect(await takeOver(ctx.db, { memberId: w.manager.id, conversationId: id })).toMatchObject({
      ok: true,
      assigneeId: w.manager.id,
    });
    expect(
      await reassign(ctx.db, { memberId: w.manager.id, conversationId: id, targetMemberId: w.asha.id }),
    ).toMatchObject({
      ok: true,
      assigneeId: w.asha.id,
    });
    expect(await returnToOpen(ctx.db, { memberId: w.asha.id, conversationId: id })).toMatchObject({
      ok: true,
      state: "open",
    });
    expect(
      await assign(ctx.db, { memberId: w.admin.id, conversationId: id, targetMemberId: w.ben.id }),
    ).toMatchObject({ ok: true });
    expect(await returnToOpen(ctx.db, { memberId: w.owner.id, conversationId: id })).toMatchObject({
      ok: true,
    });
    expect(await resolve(ctx.db, { memberId: w.manager.id, conversationId: id })).toMatchObject({
      ok: true,
      state: "closed",
    });

    const t = await timeline(id);
    expect(t.map((e) => [e.kind, e.actorId, e.fromAssigneeId, e.toAssigneeId])).toEqual([
      ["opened", null, null, null],
      ["picked_up", w.ben.id, null, w.ben.id],
      ["taken_over", w.manager.id, w.ben.id, w.manager.id],
      ["reassigned", w.manager.id, w.manager.id, w.asha.id],
      ["returned_to_open", w.asha.id, w.asha.id, null],
      ["assigned", w.admin.id, null, w.ben.id],
      ["returned_to_open", w.owner.id, w.ben.id, null],
      ["resolved", w.manager.id, null, null],
    ]);
  });

  it("refuses what SPEC refuses, with a sentence naming what happened, and changes nothing", async () => {
    const w = await makeBusiness(ctx.db);
    const id = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId());
    await pickUp(ctx.db, { memberId: w.ben.id, conversationId: id });
    const before = await conv(id);

    const r = await reply(ctx.db, { memberId: w.asha.id, conversationId: id, text: "me too" });
    expect(r).toMatchObject({ ok: false, code: "not_assignee" });
    expect(!r.ok && r.message).toBe("Ben Okafor picked this up a moment ago.");
    expect(
      await assign(ctx.db, { memberId: w.asha.id, conversationId: id, targetMemberId: w.asha.id }),
    ).toMatchObject({ ok: false });
    expect(await takeOver(ctx.db, { memberId: w.asha.id, conversationId: id })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(
      await reassign(ctx.db, { memberId: w.ben.id, conversationId: id, targetMemberId: w.asha.id }),
    ).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await resolve(ctx.db, { memberId: w.asha.id, conversationId: id })).toMatchObject({
      ok: false,
      code: "not_assignee",
    });
    expect(await conv(id)).toEqual(before);

    await resolve(ctx.db, { memberId: w.ben.id, conversationId: id });
    const closed = await reply(ctx.db, { memberId: w.ben.id, conversationId: id, text: "bye" });
    expect(closed).toMatchObject({ ok: false, code: "closed_no_reply" });
    expect(!closed.ok && closed.message).toMatch(
      /Ben Okafor resolved this .*reopens when the customer writes/,
    );
    const [{ n }] = await ctx.db
      .select({ n: count() })
      .from(messages)
      .where(and(eq(messages.conversationId, id), eq(messages.direction, "outbound")));
    expect(n).toBe(0);
  });

  it("a customer writing to two numbers of one business makes two conversations, both Open", async () => {
    const w = await makeBusiness(ctx.db);
    const waId = newWaId();
    const a = await customerSays(ctx.db, w.numbers[0].phoneNumberId, waId);
    const b = await customerSays(ctx.db, w.numbers[1].phoneNumberId, waId);
    expect(a).not.toBe(b);
    expect((await conv(a)).customerId).toBe((await conv(b)).customerId);
    expect((await reloadBusiness(ctx.db, w.biz.id)).openCount).toBe(2);
  });

  it("the same wamid delivered twice is stored once", async () => {
    const w = await makeBusiness(ctx.db);
    const input = {
      phoneNumberId: w.numbers[0].phoneNumberId,
      customer: { waId: newWaId() },
      message: { wamid: newWamid(), type: "text", body: "dup", timestamp: new Date() },
    };
    const first = await receiveCustomerMessage(ctx.db, input);
    const second = await receiveCustomerMessage(ctx.db, input);
    expect(first).toMatchObject({ ok: true, duplicate: false });
    expect(second).toMatchObject({ ok: true, duplicate: true });
    const [{ n }] = await ctx.db
      .select({ n: count() })
      .from(messages)
      .where(eq(messages.wamid, input.message.wamid));
    expect(n).toBe(1);
  });

  it("tab counts are maintained with every transition", async () => {
    const w = await makeBusiness(ctx.db);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId()));
    await pickUp(ctx.db, { memberId: w.asha.id, conversationId: ids[0] });
    await pickUp(ctx.db, { memberId: w.ben.id, conversationId: ids[1] });
    await resolve(ctx.db, { memberId: w.ben.id, conversationId: ids[1] });
    const b = await reloadBusiness(ctx.db, w.biz.id);
    expect([b.openCount, b.assignedCount, b.closedCount]).toEqual([1, 1, 1]);
    const real = await ctx.db
      .select({ state: conversations.state, n: count() })
      .from(conversations)
      .where(eq(conversations.businessId, w.biz.id))
      .groupBy(conversations.state);
    expect(Object.fromEntries(real.map((r) => [r.state, r.n]))).toEqual({ open: 1, assigned: 1, closed: 1 });
  });

  it("no stale replies: a send based on an older message is held, the second goes out", async () => {
    const w = await makeBusiness(ctx.db);
    const waId = newWaId();
    const id = await customerSays(ctx.db, w.numbers[0].phoneNumberId, waId, "first");
    const seen = (await conv(id)).lastMessageId;
    await customerSays(ctx.db, w.numbers[0].phoneNumberId, waId, "second, while you typed");
    const held = await reply(ctx.db, {
      memberId: w.ben.id,
      conversationId: id,
      text: "answer",
      basedOnMessageId: seen,
    });
    expect(held).toMatchObject({ ok: false, code: "stale" });
    expect((await conv(id)).state).toBe("open");
    const latest = (await conv(id)).lastMessageId;
    expect(
      await reply(ctx.db, {
        memberId: w.ben.id,
        conversationId: id,
        text: "answer",
        basedOnMessageId: latest,
      }),
    ).toMatchObject({ ok: true });
  });

  it("free-form replies outside the 24-hour window are refused before sending", async () => {
    const w = await makeBusiness(ctx.db);
    const old = new Date(Date.now() - 25 * 3600_000);
    const id = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId(), "old", old);
    const r = await reply(ctx.db, { memberId: w.asha.id, conversationId: id, text: "sorry for the wait" });
    expect(r).toMatchObject({ ok: false, code: "window_closed" });
    expect((await conv(id)).state).toBe("open");
  });

  it("publishes live events with increasing sequence numbers per business", async () => {
    const { getPublisher, RecordingPublisher, setPublisher } = await import("../../lib/realtime/publisher");
    const rec = new RecordingPublisher();
    const prev = getPublisher();
    setPublisher(rec);
    try {
      const w = await makeBusiness(ctx.db);
      const id = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId());
      await pickUp(ctx.db, { memberId: w.asha.id, conversationId: id });
      const mine = rec.events.filter((e) => e.businessId === w.biz.id);
      expect(mine.map((e) => e.type)).toEqual([
        "conversation.created",
        "message.created",
        "conversation.updated",
      ]);
      expect(mine.map((e) => e.seq)).toEqual([1, 2, 3]);
    } finally {
      setPublisher(prev);
    }
  });
});
