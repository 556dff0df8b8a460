import { and, count, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { businesses, conversationEvents, conversations, customers } from "../../db/schema";
import { getPublisher, RecordingPublisher, setPublisher } from "../../lib/realtime/publisher";
import { sweepAutoClose } from "../../lib/services/conversations/auto-close";
import { pickUp } from "../../lib/services/conversations/transition";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId } from "../helpers/factory";

const H = 3600_000;
const DEFAULT = 48 * 60;

describeEachDb("auto-close for inactivity (T10) with an injected clock", (ctx) => {
  /** An Assigned conversation whose last customer message and pick-up happened at given times. */
  async function assignedAt(lastCustomer: Date, pickedUp: Date, opts: { autoCloseMinutes?: number } = {}) {
    const w = await makeBusiness(ctx.db, { autoCloseMinutes: opts.autoCloseMinutes ?? null });
    const id = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId(), "help", lastCustomer);
    await pickUp(ctx.db, { memberId: w.asha.id, conversationId: id, now: pickedUp });
    return { w, id };
  }
  const state = async (id: string) =>
    (await ctx.db.select().from(conversations).where(eq(conversations.id, id)))[0];
  const inactivityEvents = async (id: string) =>
    (
      await ctx.db
        .select({ n: count() })
        .from(conversationEvents)
        .where(
          and(eq(conversationEvents.conversationId, id), eq(conversationEvents.kind, "closed_inactivity")),
        )
    )[0].n;

  it("47 h 59 m after the last customer message it stays Assigned; at 48 h it closes", async () => {
    const t0 = new Date(Date.now() - 100 * H);
    const { id } = await assignedAt(t0, new Date(t0.getTime() + 1000));
    await sweepAutoClose(ctx.db, {
      now: new Date(t0.getTime() + 47 * H + 59 * 60_000),
      defaultMinutes: DEFAULT,
    });
    expect((await state(id)).state).toBe("assigned");
    const r = await sweepAutoClose(ctx.db, {
      now: new Date(t0.getTime() + 1000 + 48 * H),
      defaultMinutes: DEFAULT,
    });
    expect(r.closed).toContain(id);
    expect(await state(id)).toMatchObject({
      state: "closed",
      closedReason: "inactivity",
      assigneeId: null,
      closedById: null,
    });
    expect(await inactivityEvents(id)).toBe(1);
  });

  it("assigned 1 h ago after a 3-day-old customer message stays Assigned", async () => {
    const now = new Date();
    const { id } = await assignedAt(new Date(now.getTime() - 72 * H), new Date(now.getTime() - H));
    await sweepAutoClose(ctx.db, { now, defaultMinutes: DEFAULT });
    expect((await state(id)).state).toBe("assigned");
  });

  it("uses the business's own period when it has one", async () => {
    const now = new Date();
    const { id } = await assignedAt(
      new Date(now.getTime() - 40 * 60_000),
      new Date(now.getTime() - 31 * 60_000),
      { autoCloseMinutes: 30 },
    );
    await sweepAutoClose(ctx.db, { now, defaultMinutes: DEFAULT });
    expect((await state(id)).state).toBe("closed");
  });

  it("two sweeps at the same moment close it once, with one timeline event and one live event", async () => {
    const rec = new RecordingPublisher();
    const prev = getPublisher();
    setPublisher(rec);
    try {
      const t0 = new Date(Date.now() - 60 * H);
      const { id } = await assignedAt(t0, t0);
      const now = new Date();
      const [a, b] = await Promise.all([
        sweepAutoClose(ctx.db, { now, defaultMinutes: DEFAULT }),
        sweepAutoClose(ctx.db, { now, defaultMinutes: DEFAULT }),
      ]);
      expect([...a.closed, ...b.closed].filter((x) => x === id)).toHaveLength(1);
      expect(await inactivityEvents(id)).toBe(1);
      const closes = rec.events.filter(
        (e) =>
          e.type === "conversation.updated" && e.conversationId === id && e.change === "closed_inactivity",
      );
      expect(closes).toHaveLength(1);
    } finally {
      setPublisher(prev);
    }
  });

  it("a customer message arriving mid-sweep wins: the conversation stays Assigned", async () => {
    const t0 = new Date(Date.now() - 60 * H);
    const { w, id } = await assignedAt(t0, t0);
    const [c] = await ctx.db
      .select()
      .from(customers)
      .where(eq(customers.id, (await state(id)).customerId));
    const r = await sweepAutoClose(ctx.db, {
      now: new Date(),
      defaultMinutes: DEFAULT,
      beforeClose: async (ids) => {
        expect(ids).toContain(id);
        await customerSays(ctx.db, w.numbers[0].phoneNumberId, c.waId!, "wait, one more question");
      },
    });
    expect(r.closed).not.toContain(id);
    expect(await state(id)).toMatchObject({ state: "assigned", assigneeId: w.asha.id });
    expect(await inactivityEvents(id)).toBe(0);
  });

  it("keeps the tab counts right", async () => {
    const t0 = new Date(Date.now() - 60 * H);
    const { w } = await assignedAt(t0, t0);
    await sweepAutoClose(ctx.db, { now: new Date(), defaultMinutes: DEFAULT });
    const [b] = await ctx.db.select().from(businesses).where(eq(businesses.id, w.biz.id));
    expect([b.openCount, b.assignedCount, b.closedCount]).toEqual([0, 0, 1]);
  });
});
