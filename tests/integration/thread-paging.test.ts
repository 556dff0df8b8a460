import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { pickUp, returnToOpen } from "../../lib/services/conversations/transition";
import { getThread, getThreadPage, THREAD_LIMIT } from "../../lib/queries/inbox/thread";
import type { ThreadPage } from "../../lib/queries/inbox/types";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId } from "../helpers/factory";

describeEachDb("thread paging: older messages, keyset on (created_at, ordinal)", (ctx) => {
  it("650 messages come back as pages of 300, 300 and 50, in order, with no gaps or repeats", async () => {
    const w = await makeBusiness(ctx.db);
    const phone = w.numbers[0].phoneNumberId;
    const waId = newWaId();
    const total = 650;
    const id = await customerSays(ctx.db, phone, waId, "message 1");
    for (let i = 2; i <= total; i++) {
      await customerSays(ctx.db, phone, waId, `message ${i}`);
      // Two timeline events inside the stretch the oldest page covers, one in the middle page.
      if (i === 20) await pickUp(ctx.db, { memberId: w.asha.id, conversationId: id });
      if (i === 30) await returnToOpen(ctx.db, { memberId: w.asha.id, conversationId: id });
      if (i === 200) await pickUp(ctx.db, { memberId: w.ben.id, conversationId: id });
    }

    const first = await getThread(ctx.db, {
      businessId: w.biz.id,
      memberId: w.manager.id,
      conversationId: id,
      defaultAutoCloseMinutes: 2880,
    });
    expect(first).not.toBeNull();
    const pages: ThreadPage[] = [first!];
    let cursor = first!.olderCursor;
    while (cursor) {
      const page = await getThreadPage(ctx.db, { businessId: w.biz.id, conversationId: id, before: cursor });
      expect(page).not.toBeNull();
      pages.push(page!);
      cursor = page!.olderCursor;
      expect(pages.length).toBeLessThan(10);
    }

    expect(pages.map((p) => p.messages.length)).toEqual([THREAD_LIMIT, THREAD_LIMIT, 50]);
    expect(pages.map((p) => p.olderCursor !== null)).toEqual([true, true, false]);
    // Oldest page first, each oldest first: exactly message 1 … message 650.
    const bodies = pages
      .slice()
      .reverse()
      .flatMap((p) => p.messages.map((m) => m.body));
    expect(bodies).toEqual(Array.from({ length: total }, (_, i) => `message ${i + 1}`));
    expect(new Set(pages.flatMap((p) => p.messages.map((m) => m.id))).size).toBe(total);
    expect(pages[0].messages[0].body).toBe("message 351");

    // Each event comes with the page whose stretch of time holds it, once.
    const kinds = (p: ThreadPage) => p.events.map((e) => e.kind);
    expect(kinds(pages[2])).toEqual(["opened", "picked_up", "returned_to_open"]);
    expect(kinds(pages[1])).toEqual(["picked_up"]);
    expect(kinds(pages[0])).toEqual([]);
    expect(pages[1].events[0].actorName).toBe("Ben Okafor");
  });

  it("ties in the same instant keep insertion order across page boundaries", async () => {
    const w = await makeBusiness(ctx.db);
    const phone = w.numbers[0].phoneNumberId;
    const waId = newWaId();
    const id = await customerSays(ctx.db, phone, waId, "tie 1");
    for (let i = 2; i <= 5; i++) await customerSays(ctx.db, phone, waId, `tie ${i}`);
    // Every message stored at one instant: only the ordinal orders them.
    await ctx.db.execute(
      sql`update messages set created_at = '2026-01-01T00:00:00.000123Z' where conversation_id = ${id}`,
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p: ThreadPage | null = await getThreadPage(ctx.db, {
        businessId: w.biz.id,
        conversationId: id,
        before: cursor,
        limit: 2,
      });
      seen.unshift(...p!.messages.map((m) => m.body ?? ""));
      cursor = p!.olderCursor;
    } while (cursor);
    expect(seen).toEqual(["tie 1", "tie 2", "tie 3", "tie 4", "tie 5"]);
  });

  it("another business's conversation reads as not found", async () => {
    const a = await makeBusiness(ctx.db);
    const b = await makeBusiness(ctx.db);
    const id = await customerSays(ctx.db, a.numbers[0].phoneNumberId, newWaId(), "hi");
    const first = await getThreadPage(ctx.db, { businessId: a.biz.id, conversationId: id, before: id });
    expect(first).toEqual({ messages: [], events: [], replied: [], olderCursor: null });
    expect(await getThreadPage(ctx.db, { businessId: b.biz.id, conversationId: id, before: id })).toBeNull();
  });
});
