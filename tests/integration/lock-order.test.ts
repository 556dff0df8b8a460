import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations, members } from "../../db/schema";
import { RecordingPublisher, setPublisher } from "../../lib/realtime/publisher";
import { reply } from "../../lib/services/conversations/reply";
import { assign, pickUp, takeOver } from "../../lib/services/conversations/transition";
import { deactivateMember, reactivateMember } from "../../lib/services/members/manage";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId } from "../helpers/factory";

const ROUNDS = 12;

/** Either a result or the database error's SQLSTATE (40P01 is a deadlock). */
async function settle<T>(p: Promise<T>): Promise<T | { error: string }> {
  try {
    return await p;
  } catch (e) {
    const err = e as { code?: string; cause?: { code?: string }; message?: string };
    return { error: err.code ?? err.cause?.code ?? String(err.message) };
  }
}

// Only real PostgreSQL runs transactions side by side (PGlite has one connection): skipped,
// and reported as skipped, without TEST_DATABASE_URL.
describe.skipIf(!process.env.TEST_DATABASE_URL)("lock order", () =>
  describeEachDb(
    "deactivating a member while replies and hand-overs run: no deadlock, nobody left assigned",
    (ctx) => {
      it(`${ROUNDS} rounds of a deactivation racing replies, pick-ups, assignments and take-overs`, async () => {
        setPublisher(new RecordingPublisher());
        const w = await makeBusiness(ctx.db);
        const errors: string[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          // Asha holds four conversations; two more wait in Open.
          const hers: string[] = [];
          for (let i = 0; i < 4; i++) {
            const id = await customerSays(ctx.db, w.numbers[i % 2].phoneNumberId, newWaId(), "help");
            const r = await pickUp(ctx.db, { memberId: w.asha.id, conversationId: id });
            if (!r.ok) throw new Error(r.message);
            hers.push(id);
          }
          const open = [
            await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId(), "anyone?"),
            await customerSays(ctx.db, w.numbers[1].phoneNumberId, newWaId(), "hello?"),
          ];
          const results = await Promise.all([
            settle(deactivateMember(ctx.db, { actorId: w.admin.id, memberId: w.asha.id })),
            ...hers.flatMap((id) => [
              settle(reply(ctx.db, { memberId: w.asha.id, conversationId: id, text: `on it ${round}` })),
              settle(
                reply(ctx.db, { memberId: w.asha.id, conversationId: id, text: `still on it ${round}` }),
              ),
            ]),
            settle(takeOver(ctx.db, { memberId: w.manager.id, conversationId: hers[0] })),
            settle(reply(ctx.db, { memberId: w.asha.id, conversationId: open[0], text: "mine" })),
            settle(
              assign(ctx.db, { memberId: w.manager.id, conversationId: open[1], targetMemberId: w.asha.id }),
            ),
            settle(reply(ctx.db, { memberId: w.ben.id, conversationId: open[1], text: "I'll take it" })),
          ]);
          for (const r of results) if ("error" in r) errors.push(r.error);
          expect(errors).toEqual([]);
          const [asha] = await ctx.db.select().from(members).where(eq(members.id, w.asha.id));
          expect(asha.active).toBe(false);
          // A deactivated member holds no conversation, whatever committed around the deactivation.
          const still = await ctx.db
            .select({ id: conversations.id })
            .from(conversations)
            .where(and(eq(conversations.assigneeId, w.asha.id), eq(conversations.state, "assigned")));
          expect(still).toEqual([]);
          const back = await reactivateMember(ctx.db, { actorId: w.admin.id, memberId: w.asha.id });
          expect(back.ok).toBe(true);
        }
      });
    },
    { kinds: ["postgres"] },
  ),
);
