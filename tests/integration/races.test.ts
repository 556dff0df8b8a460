import { and, count, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { conversationEvents, conversations, messages } from "../../db/schema";
import { receiveCustomerMessage } from "../../lib/services/conversations/customer-message";
import { reply } from "../../lib/services/conversations/reply";
import { pickUp, reassign, resolve } from "../../lib/services/conversations/transition";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId, newWamid } from "../helpers/factory";

// On PostgreSQL these really run at once on separate connections; the database decides the winner.
describeEachDb("races", (ctx) => {
  it("20 members reply to one Open conversation at once: one reply stored, 19 refusals naming the winner", async () => {
    const w = await makeBusiness(ctx.db, { agents: 17 });
    const everyone = [w.owner, w.admin, w.manager, ...w.agents];
    expect(everyone).toHaveLength(20);
    const id = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId(), "Anyone there?");

    const results = await Promise.all(
      everyone.map((m) =>
        reply(ctx.db, { memberId: m.id, conversationId: id, text: `reply from ${m.name}` }),
      ),
    );
    const winners = results.filter((r) => r.ok);
    const losers = results.filter((r) => !r.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);

    const [c] = await ctx.db.select().from(conversations).where(eq(conversations.id, id));
    const winner = everyone[results.findIndex((r) => r.ok)];
    expect(c).toMatchObject({ state: "assigned", assigneeId: winner.id });
    for (const l of losers) expect(!l.ok && l.message).toBe(`${winner.name} picked this up a moment ago.`);

    const out = await ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, id), eq(messages.direction, "outbound")));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ authorId: winner.id, body: `reply from ${winner.name}` });
    const [{ n }] = await ctx.db
      .select({ n: count() })
      .from(conversationEvents)
      .where(and(eq(conversationEvents.conversationId, id), eq(conversationEvents.kind, "picked_up")));
    expect(n).toBe(1);
  });

  it("a manager's reassign racing the assignee's resolve: one wins, state and timeline agree", async () => {
    for (let round = 0; round < 5; round++) {
      const w = await makeBusiness(ctx.db);
      const id = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId());
      await pickUp(ctx.db, { memberId: w.asha.id, conversationId: id });
      const [re, res] = await Promise.all([
        reassign(ctx.db, { memberId: w.manager.id, conversationId: id, targetMemberId: w.ben.id }),
        resolve(ctx.db, { memberId: w.asha.id, conversationId: id }),
      ]);
      const [c] = await ctx.db.select().from(conversations).where(eq(conversations.id, id));
      const kinds = (
        await ctx.db
          .select({ kind: conversationEvents.kind })
          .from(conversationEvents)
          .where(eq(conversationEvents.conversationId, id))
          .orderBy(conversationEvents.ordinal)
      ).map((e) => e.kind);
      if (re.ok) {
        // Reassign first: Asha is no longer the assignee, so her resolve is refused.
        expect(res).toMatchObject({ ok: false });
        expect(!res.ok && res.message).toBe(`Maya Patel reassigned this to Ben Okafor a moment ago.`);
        expect(c).toMatchObject({ state: "assigned", assigneeId: w.ben.id });
        expect(kinds).toEqual(["opened", "picked_up", "reassigned"]);
      } else {
        expect(res).toMatchObject({ ok: true });
        expect(!re.ok && re.message).toMatch(/^Asha Rao resolved this a moment ago/);
        expect(c).toMatchObject({ state: "closed", assigneeId: null, closedReason: "resolved" });
        expect(kinds).toEqual(["opened", "picked_up", "resolved"]);
      }
    }
  });

  it("10 concurrent first messages from one new customer to one number: one conversation, 10 messages", async () => {
    const w = await makeBusiness(ctx.db);
    const waId = newWaId();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        receiveCustomerMessage(ctx.db, {
          phoneNumberId: w.numbers[0].phoneNumberId,
          customer: { waId, profileName: "Burst" },
          message: { wamid: newWamid(), type: "text", body: `burst ${i}`, timestamp: new Date() },
        }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const convs = await ctx.db.select().from(conversations).where(eq(conversations.businessId, w.biz.id));
    expect(convs).toHaveLength(1);
    const [{ n }] = await ctx.db
      .select({ n: count() })
      .from(messages)
      .where(eq(messages.conversationId, convs[0].id));
    expect(n).toBe(10);
  });

  it("concurrent messages to a Closed conversation reopen it once", async () => {
    const w = await makeBusiness(ctx.db);
    const waId = newWaId();
    const id = await customerSays(ctx.db, w.numbers[0].phoneNumberId, waId);
    await pickUp(ctx.db, { memberId: w.asha.id, conversationId: id });
    await resolve(ctx.db, { memberId: w.asha.id, conversationId: id });
    await Promise.all(
      Array.from({ length: 5 }, () => customerSays(ctx.db, w.numbers[0].phoneNumberId, waId, "back again")),
    );
    const convs = await ctx.db.select().from(conversations).where(eq(conversations.businessId, w.biz.id));
    expect(convs).toHaveLength(1);
    expect(convs[0].state).toBe("open");
    const [{ n }] = await ctx.db
      .select({ n: count() })
      .from(conversationEvents)
      .where(and(eq(conversationEvents.conversationId, id), eq(conversationEvents.kind, "reopened")));
    expect(n).toBe(1);
  });
});
