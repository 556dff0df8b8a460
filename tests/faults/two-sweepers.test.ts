import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeRawClient, openRawClient, wrap, type Db, type RawClient } from "../../db/client";
import { receiveCustomerMessage } from "../../lib/services/conversations/customer-message";
import { reply } from "../../lib/services/conversations/reply";
import { FakeGraph } from "../helpers/fake-graph";
import { printFigures } from "./harness/figures";
import { sendsByText } from "./harness/graph-sends";
import { prepareDatabase } from "./harness/prepare-database";
import { type Sweeper, startSweeper, type TickAnswer } from "./harness/start-sweeper";
import { type OwnPostgres, postgresAvailable, startPostgres } from "./harness/start-postgres";
import { DEMO_SALES_NUMBER, newWamid } from "./harness/webhook-load";

/**
 * Two processes run the auto-close sweep and the outbox at the same simulated moments for ten
 * simulated minutes, while customers write and a member replies: no conversation is closed
 * twice, no message is sent twice, every due conversation is closed and every reply sent.
 * The simulated clock ends at the real present, so replies queued "then" are due now.
 */
const SIM_MINUTES = 10;
const TICK_SECONDS = 10;
const AUTO_CLOSE_MINUTES = 2;
const CUSTOMERS = 20;
const SEED = Number(process.env.FAULT_SEED ?? 20261202);

/** A small seeded generator, so that a failing run can be repeated with FAULT_SEED. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe.skipIf(!postgresAvailable())("two instances sweeping and sending at once", () => {
  let pg: OwnPostgres;
  let graph: FakeGraph;
  let raw: RawClient & { kind: "postgres" };
  let db: Db;
  let sweepers: Sweeper[] = [];

  beforeAll(async () => {
    pg = await startPostgres();
    const url = await prepareDatabase(pg);
    graph = await new FakeGraph().start();
    raw = (await openRawClient({ url, max: 4 })) as RawClient & { kind: "postgres" };
    db = wrap(raw);
    await raw.sql`update businesses set auto_close_minutes = ${AUTO_CLOSE_MINUTES} where waba_id = '900000000000001'`;
    sweepers = [startSweeper(url, graph), startSweeper(url, graph)];
  });

  afterAll(async () => {
    for (const s of sweepers) await s.stop();
    if (raw) await closeRawClient(raw);
    await graph?.stop();
    await pg?.destroy();
  });

  it("closes each due conversation once and sends each reply once over ten simulated minutes", async () => {
    const rand = random(SEED);
    const [asha] = await raw.sql<{ id: string }[]>`select id from members where email = 'asha@demo.test'`;
    const waIds = Array.from({ length: CUSTOMERS }, (_, i) => `4479300100${String(i).padStart(2, "0")}`);
    const end = new Date();
    const start = new Date(end.getTime() - SIM_MINUTES * 60_000);
    let replies = 0;
    const replyTexts: string[] = [];
    const writes = (waId: string, at: Date) =>
      receiveCustomerMessage(db, {
        phoneNumberId: DEMO_SALES_NUMBER,
        customer: { waId, profileName: "Sweep Customer" },
        message: { wamid: newWamid(), type: "text", body: `customer at ${at.toISOString()}`, timestamp: at },
      });
    const answer = async (conversationId: string, at: Date) => {
      const text = `sweep reply ${++replies}`;
      const r = await reply(db, { memberId: asha.id, conversationId, text, now: at });
      if (r.ok) replyTexts.push(text);
    };
    const live = async (state: "open" | "assigned") =>
      (await raw.sql<{ id: string }[]>`select id from conversations where state = ${state}`).map((r) => r.id);

    for (const w of waIds) await writes(w, start);
    const answers: TickAnswer[][] = [];
    const ticks = (SIM_MINUTES * 60) / TICK_SECONDS;
    for (let t = 0; t <= ticks; t++) {
      const now = new Date(start.getTime() + t * TICK_SECONDS * 1000);
      // What people do in these ten seconds: a customer or two write, the member picks up
      // waiting conversations and answers one she has.
      if (rand() < 0.6) await writes(waIds[Math.floor(rand() * waIds.length)], now);
      for (const id of (await live("open")).slice(0, 2)) await answer(id, now);
      const mine = await live("assigned");
      if (mine.length && rand() < 0.7) await answer(mine[Math.floor(rand() * mine.length)], now);
      // Both instances, at the same simulated moment.
      answers.push(await Promise.all(sweepers.map((s) => s.tick(now))));
    }
    // Let the outboxes drain what is still queued (the clock stays at the end).
    for (let i = 0; i < 20; i++) {
      const [{ n }] = await raw.sql<{ n: number }[]>`
        select count(*)::int as n from messages where direction = 'outbound' and status in ('queued', 'sending')`;
      if (n === 0) break;
      answers.push(await Promise.all(sweepers.map((s) => s.tick(end))));
    }

    expect(answers.flat().filter((a) => a.error)).toEqual([]);
    // Never both instances closing one conversation at one moment.
    const doubleAtOnce = answers.flatMap(([a, b]) => a.closed.filter((id) => b.closed.includes(id)));
    expect(doubleAtOnce).toEqual([]);
    // Never closed twice in a row: between two inactivity closes the conversation was reopened.
    const timeline = await raw.sql<{ conversationId: string; kind: string; fromState: string | null }[]>`
      select conversation_id as "conversationId", kind::text as kind, from_state::text as "fromState"
      from conversation_events order by conversation_id, ordinal`;
    const closedTwice: string[] = [];
    const last = new Map<string, string>();
    for (const e of timeline) {
      if (
        e.kind === "closed_inactivity" &&
        (last.get(e.conversationId) === "closed_inactivity" || e.fromState !== "assigned")
      )
        closedTwice.push(e.conversationId);
      last.set(e.conversationId, e.kind);
    }
    expect(closedTwice).toEqual([]);
    const closes = timeline.filter((e) => e.kind === "closed_inactivity").length;
    const reported = answers.flat().reduce((n, a) => n + a.closed.length, 0);
    expect(reported).toBe(closes);
    // Every conversation that was due by the end was closed.
    const [{ overdue }] = await raw.sql<{ overdue: number }[]>`
      select count(*)::int as overdue from conversations
      where state = 'assigned'
        and greatest(last_customer_message_at, assigned_at) + ${`${AUTO_CLOSE_MINUTES} minutes`}::interval <= ${end.toISOString()}::timestamptz`;
    expect(overdue).toBe(0);
    // The maintained tab counts agree with the rows (a double close would count twice).
    const [counts] = await raw.sql<{ ok: boolean }[]>`
      select b.open_count = (select count(*) from conversations where state = 'open')
        and b.assigned_count = (select count(*) from conversations where state = 'assigned')
        and b.closed_count = (select count(*) from conversations where state = 'closed') as ok
      from businesses b where b.waba_id = '900000000000001'`;
    expect(counts.ok).toBe(true);

    // Every reply sent, and sent once.
    const sends = sendsByText(graph);
    const notOnce = replyTexts.filter((t) => sends.get(t) !== 1).map((t) => `${t}: ${sends.get(t) ?? 0}`);
    const [{ unsent }] = await raw.sql<{ unsent: number }[]>`
      select count(*)::int as unsent from messages where direction = 'outbound' and status <> 'sent'`;

    const claimed = [0, 1].map((i) => answers.reduce((n, a) => n + a[i].claimed, 0));
    const closedBy = [0, 1].map((i) => answers.reduce((n, a) => n + a[i].closed.length, 0));
    printFigures("two-sweepers", {
      seed: SEED,
      simulated_minutes: SIM_MINUTES,
      ticks: answers.length,
      conversations: CUSTOMERS,
      closed_inactivity: closes,
      closed_by_1: closedBy[0],
      closed_by_2: closedBy[1],
      replies_queued: replyTexts.length,
      replies_sent: graph.sends().length,
      claimed_by_1: claimed[0],
      claimed_by_2: claimed[1],
    });
    expect(unsent).toBe(0);
    expect(notOnce).toEqual([]);
  });
});
