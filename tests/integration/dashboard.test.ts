import { eq } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { conversationEvents, conversations } from "../../db/schema";
import { RecordingPublisher, setPublisher } from "../../lib/realtime/publisher";
import { pickUp, resolve } from "../../lib/services/conversations/transition";
import { reply } from "../../lib/services/conversations/reply";
import { getDashboard } from "../../lib/services/dashboard/overview";
import { bulkReassign, moveAllAssigned } from "../../lib/services/dashboard/reassign";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId, type World } from "../helpers/factory";
import type { Db } from "../../db/client";

let pub: RecordingPublisher;
beforeEach(() => {
  pub = new RecordingPublisher();
  setPublisher(pub);
});

async function assignedTo(db: Db, w: World, memberId: string, n: number, at?: Date) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = await customerSays(db, w.numbers[i % 2].phoneNumberId, newWaId(), `Hi ${i}`, at);
    const r = await pickUp(db, { memberId, conversationId: id });
    if (!r.ok) throw new Error(r.message);
    ids.push(id);
  }
  return ids;
}

const timeline = async (db: Db, id: string) =>
  (await db.select().from(conversationEvents).where(eq(conversationEvents.conversationId, id))).sort(
    (a, b) => a.ordinal - b.ordinal,
  );

describeEachDb("dashboard", (ctx) => {
  it("shows workload, presence, waiting times, the Open queue per number and today's figures", async () => {
    const w = await makeBusiness(ctx.db);
    const old = new Date(Date.now() - 30 * 60_000);
    const ashas = await assignedTo(ctx.db, w, w.asha.id, 2, old);
    await assignedTo(ctx.db, w, w.ben.id, 1);
    // Asha answered the first one: only the second still waits.
    expect((await reply(ctx.db, { memberId: w.asha.id, conversationId: ashas[0], text: "On it" })).ok).toBe(
      true,
    );
    await customerSays(
      ctx.db,
      w.numbers[0].phoneNumberId,
      newWaId(),
      "queue 1",
      new Date(Date.now() - 10 * 60_000),
    );
    await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId(), "queue 2");
    const spam = await customerSays(ctx.db, w.numbers[1].phoneNumberId, newWaId(), "spam");
    expect((await resolve(ctx.db, { memberId: w.manager.id, conversationId: spam })).ok).toBe(true);

    const d = await getDashboard(ctx.db, { actorId: w.manager.id, onlineMemberIds: [w.asha.id] });
    if (!d.ok) throw new Error(d.message);
    const asha = d.team.find((m) => m.id === w.asha.id)!;
    const ben = d.team.find((m) => m.id === w.ben.id)!;
    expect(asha).toMatchObject({ assigned: 2, presence: "online" });
    expect(ben).toMatchObject({ assigned: 1, presence: "offline" });
    expect(Math.abs(asha.oldestWaitingAt!.getTime() - old.getTime())).toBeLessThan(1000);
    expect(d.queue.open).toBe(2);
    const sales = d.queue.byNumber.find((q) => q.numberId === w.numbers[0].id)!;
    const support = d.queue.byNumber.find((q) => q.numberId === w.numbers[1].id)!;
    expect(sales.open).toBe(2);
    expect(support.open).toBe(0);
    expect(Date.now() - sales.oldestWaitingAt!.getTime()).toBeGreaterThan(9 * 60_000);
    expect(d.queue.oldestWaitingAt?.getTime()).toBe(sales.oldestWaitingAt?.getTime());
    expect(d.today).toMatchObject({ opened: 6, resolved: 1, autoClosed: 0 });
    expect(d.today.medianFirstReplySeconds).not.toBeNull();
    expect(d.today.medianResolveSeconds).not.toBeNull();
    expect(d.conversations.map((c) => c.id).sort()).toEqual(
      [...ashas, ...d.conversations.filter((c) => c.assigneeId === w.ben.id).map((c) => c.id)].sort(),
    );
    const onlyAsha = await getDashboard(ctx.db, { actorId: w.manager.id, memberId: w.asha.id });
    expect(onlyAsha.ok && onlyAsha.conversations.map((c) => c.id).sort()).toEqual([...ashas].sort());
  });

  it("bulk reassign: each conversation through the reassign service, one timeline event and live event each", async () => {
    const w = await makeBusiness(ctx.db);
    const ids = await assignedTo(ctx.db, w, w.asha.id, 4);
    pub.events.length = 0;
    const r = await bulkReassign(ctx.db, {
      actorId: w.manager.id,
      conversationIds: ids.slice(0, 3),
      targetMemberId: w.ben.id,
    });
    expect(r).toMatchObject({ ok: true, refused: [] });
    expect(r.ok && r.moved.sort()).toEqual(ids.slice(0, 3).sort());
    for (const id of ids.slice(0, 3)) {
      const [c] = await ctx.db.select().from(conversations).where(eq(conversations.id, id));
      expect(c.assigneeId).toBe(w.ben.id);
      const evs = (await timeline(ctx.db, id)).filter((e) => e.kind === "reassigned");
      expect(evs).toHaveLength(1);
      expect(evs[0]).toMatchObject({
        actorId: w.manager.id,
        fromAssigneeId: w.asha.id,
        toAssigneeId: w.ben.id,
      });
    }
    const live = pub.events.filter((e) => e.type === "conversation.updated");
    expect(live).toHaveLength(3);
    expect(
      live.every(
        (e) =>
          e.type === "conversation.updated" && e.fromAssigneeId === w.asha.id && e.assigneeId === w.ben.id,
      ),
    ).toBe(true);
    const d = await getDashboard(ctx.db, { actorId: w.manager.id });
    expect(d.ok && d.team.find((m) => m.id === w.ben.id)?.assigned).toBe(3);
    expect(d.ok && d.team.find((m) => m.id === w.asha.id)?.assigned).toBe(1);
  });

  it("bulk reassign skips what changed meanwhile, assigns Open ones, and refuses bad targets", async () => {
    const w = await makeBusiness(ctx.db);
    const ids = await assignedTo(ctx.db, w, w.asha.id, 2);
    await resolve(ctx.db, { memberId: w.asha.id, conversationId: ids[1] });
    const open = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId());
    const r = await bulkReassign(ctx.db, {
      actorId: w.admin.id,
      conversationIds: [ids[0], ids[1], open],
      targetMemberId: w.ben.id,
    });
    expect(r.ok && r.moved.sort()).toEqual([ids[0], open].sort());
    expect(r.ok && r.refused.map((x) => x.conversationId)).toEqual([ids[1]]);
    const other = await makeBusiness(ctx.db);
    expect(
      await bulkReassign(ctx.db, {
        actorId: w.manager.id,
        conversationIds: [ids[0]],
        targetMemberId: other.ben.id,
      }),
    ).toMatchObject({
      ok: false,
      code: "invalid_target",
    });
    expect(
      await bulkReassign(ctx.db, { actorId: w.manager.id, conversationIds: [], targetMemberId: w.ben.id }),
    ).toMatchObject({ ok: false });
  });

  it("moves all of a member's Assigned conversations to Open, or to someone else, in one step", async () => {
    const w = await makeBusiness(ctx.db);
    const ashas = await assignedTo(ctx.db, w, w.asha.id, 3);
    const bens = await assignedTo(ctx.db, w, w.ben.id, 2);
    pub.events.length = 0;
    const toBen = await moveAllAssigned(ctx.db, {
      actorId: w.manager.id,
      fromMemberId: w.asha.id,
      toMemberId: w.ben.id,
    });
    expect(toBen.ok && toBen.moved.sort()).toEqual([...ashas].sort());
    expect(pub.events.filter((e) => e.type === "conversation.updated")).toHaveLength(3);
    for (const id of ashas)
      expect((await timeline(ctx.db, id)).at(-1)).toMatchObject({
        kind: "reassigned",
        toAssigneeId: w.ben.id,
      });

    const toOpen = await moveAllAssigned(ctx.db, {
      actorId: w.manager.id,
      fromMemberId: w.ben.id,
      toMemberId: null,
    });
    expect(toOpen.ok && toOpen.moved.length).toBe(5);
    for (const id of [...ashas, ...bens]) {
      const [c] = await ctx.db.select().from(conversations).where(eq(conversations.id, id));
      expect(c).toMatchObject({ state: "open", assigneeId: null });
      expect((await timeline(ctx.db, id)).at(-1)).toMatchObject({
        kind: "returned_to_open",
        actorId: w.manager.id,
      });
    }
    const d = await getDashboard(ctx.db, { actorId: w.manager.id });
    expect(d.ok && d.queue.open).toBe(5);
  });
});
