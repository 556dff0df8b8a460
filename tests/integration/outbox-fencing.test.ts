import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { campaigns, customers, messages, templates } from "../../db/schema";
import { RecordingPublisher, setPublisher } from "../../lib/realtime/publisher";
import { reply } from "../../lib/services/conversations/reply";
import { claimDue, dueRowsQuery } from "../../lib/services/messages/outbox-state";
import { GraphTransport } from "../../lib/whatsapp/outbox/graph-transport";
import { OutboxWorker, type OutboxWorkerOptions } from "../../lib/whatsapp/outbox/worker";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId, type World } from "../helpers/factory";
import { FakeGraph } from "../helpers/fake-graph";

async function until(check: () => Promise<boolean>, what: string, limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const textOf = (b: Record<string, unknown> | null) => (b?.text as { body: string } | undefined)?.body;

describeEachDb("outbox: a message is never sent again while another attempt may be in flight", (ctx) => {
  let w: World;
  const graph = new FakeGraph();
  const workers: OutboxWorker[] = [];

  beforeAll(async () => {
    await graph.start();
    setPublisher(new RecordingPublisher());
    w = await makeBusiness(ctx.db);
  });
  afterAll(() => graph.stop());
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((x) => x.stop()));
    await ctx.db
      .update(messages)
      .set({ status: "failed", nextAttemptAt: null })
      .where(inArray(messages.status, ["queued", "sending"]));
    graph.reset();
  });

  const worker = (opts: Partial<OutboxWorkerOptions> = {}) => {
    const x = new OutboxWorker(ctx.db, {
      transport: new GraphTransport({ graphUrl: graph.url, accessToken: graph.token }),
      ratePerSecond: 1000,
      baseDelayMs: 20,
      pollMs: 20,
      ...opts,
    });
    workers.push(x);
    return x;
  };

  async function queuedReply(text: string, numberIdx = 0) {
    const convId = await customerSays(ctx.db, w.numbers[numberIdx].phoneNumberId, newWaId(), "hi");
    const r = await reply(ctx.db, { memberId: w.asha.id, conversationId: convId, text });
    if (!r.ok) throw new Error(r.message);
    return r.messageId;
  }
  const statuses = async (ids: string[]) =>
    (await ctx.db.select().from(messages).where(inArray(messages.id, ids))).map((m) => m.status);

  it("two workers, Meta slower than the claim lease: every message is sent once", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await queuedReply(`slow ${i}`));
    graph.sendDelayMs = 400;
    // Each worker claims more rows than it can send before its claim lease runs out.
    const opts = { leaseMs: 150, concurrency: 2, batchSize: 12, sendTimeoutMs: 5_000 };
    worker(opts).start();
    worker(opts).start();
    await until(async () => (await statuses(ids)).every((s) => s === "sent"), "all sent");
    const bodies = graph.sends().map((s) => textOf(s.body));
    expect(bodies.sort()).toEqual(ids.map((_, i) => `slow ${i}`).sort());
  });

  it("recording the send fails once after Meta accepted it: the message is not sent again", async () => {
    const id = await queuedReply("recorded late");
    // A real database fault: the first UPDATE that marks a message sent raises.
    await ctx.db.execute(sql.raw("create sequence if not exists mark_sent_faults"));
    await ctx.db.execute(
      sql.raw(`create or replace function fail_first_mark_sent() returns trigger language plpgsql as $$
        begin
          if new.status = 'sent' and old.status = 'sending' and nextval('mark_sent_faults') = 1 then
            raise exception 'injected fault: the database refused to record the send';
          end if;
          return new;
        end $$`),
    );
    await ctx.db.execute(
      sql.raw(
        "create trigger mark_sent_fault before update on messages for each row execute function fail_first_mark_sent()",
      ),
    );
    try {
      worker({ leaseMs: 100, sendTimeoutMs: 2_000 }).start();
      await until(async () => (await statuses([id]))[0] === "sent", "sent");
      // Long past the claim lease: another pass would have resent it by now if it were going to.
      await until(async () => (await workers[0].runOnce()) === 0, "an idle pass");
      expect(graph.sends().map((s) => textOf(s.body))).toEqual(["recorded late"]);
      const [m] = await ctx.db.select().from(messages).where(eq(messages.id, id));
      expect(m.wamid).toMatch(/^wamid\.FAKE/);
    } finally {
      await ctx.db.execute(sql.raw("drop trigger if exists mark_sent_fault on messages"));
    }
  });

  it("the database is down for a while after Meta accepted a message: it is recorded once it is back, and not sent again", async () => {
    const id = await queuedReply("recorded after the outage");
    // A real database fault: while `outage` has a row, every write that records an outcome
    // (sent, retry, failed, held back) is refused, as by a database that is restarting. Claims
    // and fences still pass, so a resend would show. Each refusal is counted (sequences are
    // not rolled back with the failed write).
    await ctx.db.execute(sql.raw("create table if not exists outage (down boolean)"));
    await ctx.db.execute(sql.raw("create sequence if not exists outage_refusals"));
    await ctx.db.execute(
      sql.raw(`create or replace function refuse_outcomes() returns trigger language plpgsql as $$
        begin
          if old.status = 'sending' and (new.status <> 'sending' or new.wamid is not null)
             and exists (select 1 from outage) then
            perform nextval('outage_refusals');
            raise exception 'injected fault: the database is restarting';
          end if;
          return new;
        end $$`),
    );
    await ctx.db.execute(
      sql.raw(
        "create trigger outcome_outage before update on messages for each row execute function refuse_outcomes()",
      ),
    );
    const refusals = async () => {
      const r = await ctx.db.execute(sql.raw("select last_value from outage_refusals"));
      // postgres.js answers rows, PGlite { rows }
      const rows = (Array.isArray(r) ? r : (r as unknown as { rows: unknown[] }).rows) as {
        last_value: string | number;
      }[];
      return Number(rows[0].last_value);
    };
    try {
      await ctx.db.execute(sql.raw("insert into outage values (true)"));
      const before = await refusals();
      // A send timeout that holds the row well past a few quick retries.
      worker({ leaseMs: 100, sendTimeoutMs: 20_000 }).start();
      await until(async () => graph.sends().length > 0, "the send to reach Meta");
      // The outage outlasts a handful of retries of the outcome (up to 20 s).
      await until(async () => (await refusals()) - before >= 8, "the outage to refuse retries", 20_000).catch(
        () => {},
      );
      await ctx.db.execute(sql.raw("delete from outage"));
      await until(async () => (await statuses([id]))[0] === "sent", "sent", 60_000);
      await until(async () => (await workers[0].runOnce()) === 0, "an idle pass");
      expect(graph.sends().map((s) => textOf(s.body))).toEqual(["recorded after the outage"]);
    } finally {
      await ctx.db.execute(sql.raw("drop trigger if exists outcome_outage on messages"));
      await ctx.db.execute(sql.raw("delete from outage"));
    }
  });

  it("replies are claimed before a big campaign, and every number gets its share", async () => {
    const [t] = await ctx.db
      .insert(templates)
      .values({ businessId: w.biz.id, name: `promo_${Date.now()}`, language: "en_US", body: "Sale!" })
      .returning();
    const [camp] = await ctx.db
      .insert(campaigns)
      .values({ businessId: w.biz.id, name: "Big", templateId: t.id, numberId: w.numbers[0].id })
      .returning();
    const custs = await ctx.db
      .insert(customers)
      .values(Array.from({ length: 300 }, () => ({ businessId: w.biz.id, waId: newWaId() })))
      .returning({ id: customers.id });
    const earlier = new Date(Date.now() - 60_000);
    await ctx.db.insert(messages).values(
      custs.map((c) => ({
        businessId: w.biz.id,
        numberId: w.numbers[0].id,
        customerId: c.id,
        campaignId: camp.id,
        direction: "outbound" as const,
        type: "template",
        body: "Sale!",
        payload: { template: { name: t.name, language: "en_US", params: [] } },
        status: "queued" as const,
        nextAttemptAt: earlier,
      })),
    );
    const replyOnSales = await queuedReply("reply on Sales", 0);
    const replyOnSupport = await queuedReply("reply on Support", 1);

    const claimed = await claimDue(ctx.db, { now: new Date(), limit: 10, leaseMs: 60_000 });
    expect(claimed).toHaveLength(10);
    // Both replies, ahead of every campaign row, although the campaign was due a minute earlier.
    expect(
      claimed
        .slice(0, 2)
        .map((c) => c.id)
        .sort(),
    ).toEqual([replyOnSales, replyOnSupport].sort());
    expect(claimed.slice(2).every((c) => c.campaignId === camp.id)).toBe(true);
  });

  it.runIf(ctx.kind === "postgres")("the claim query uses its index on a big messages table", async () => {
    // 50,000 messages already delivered, a handful due: the claim must not scan them all.
    const [c] = await ctx.db.insert(customers).values({ businessId: w.biz.id, waId: newWaId() }).returning();
    await ctx.db.execute(sql`
      insert into messages (business_id, number_id, customer_id, direction, type, body, status, sent_at)
      select ${w.biz.id}, ${w.numbers[0].id}, ${c.id}, 'outbound', 'text', 'old', 'delivered', now()
      from generate_series(1, 50000)`);
    await queuedReply("due now");
    await ctx.db.execute(sql`analyze messages`);
    const q = dueRowsQuery(ctx.db, { numberId: w.numbers[0].id, now: new Date(), limit: 10 }).toSQL();
    if (ctx.raw.kind !== "postgres") throw new Error("postgres only");
    const plan = (await ctx.raw.sql.unsafe(`explain ${q.sql}`, q.params as never[]))
      .map((r) => String(r["QUERY PLAN"]))
      .join("\n");
    expect(plan).toContain("messages_outbox_claim_idx");
    expect(plan).not.toMatch(/Seq Scan on messages/);
  });
});
