import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { RecordingPublisher, setPublisher } from "../../lib/realtime/publisher";
import { reply } from "../../lib/services/conversations/reply";
import { resolve } from "../../lib/services/conversations/transition";
import { searchClosed, type Cursor } from "../../lib/services/review/closed";
import { csvCell } from "../../lib/services/review/csv";
import { CLOSED_CSV_HEADER, exportClosedCsv, exportTranscriptCsv } from "../../lib/services/review/export";
import { parseReviewFilters, type ReviewFilters } from "../../lib/services/review/filters";
import { getTranscript } from "../../lib/services/review/transcript";
import { describeEachDb, type TestDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId, type World } from "../helpers/factory";

/**
 * The closed review against a seeded set of 10,000 closed conversations, on PGlite and on
 * PostgreSQL (REVIEW_PGLITE_ROWS lowers the PGlite size on a slow machine). Every row is a formula
 * of its index i, so each expected set is computed independently of the code under test.
 */
const sizeFor = (kind: TestDb["kind"]) =>
  kind === "postgres" ? 10_000 : Number(process.env.REVIEW_PGLITE_ROWS ?? 10_000);
const FORMULA_I = 42;

type Seeded = {
  i: number;
  id: string;
  number: 0 | 1;
  reason: "resolved" | "inactivity";
  handler: "asha" | "ben";
  day: number;
  name: string;
  refund: boolean;
};

const model = (i: number): Omit<Seeded, "id"> => ({
  i,
  number: (i % 2) as 0 | 1,
  reason: i % 3 === 0 ? "inactivity" : "resolved",
  handler: i % 4 < 2 ? "asha" : "ben",
  day: i % 60,
  name: i === FORMULA_I ? '=HYPERLINK("http://evil.test","x")' : `Customer ${i}`,
  refund: i % 7 === 0,
});

async function seedClosed(db: Db, w: World, n: number) {
  const biz = w.biz.id;
  const p = {
    n0: w.numbers[0].id,
    n1: w.numbers[1].id,
    asha: w.asha.id,
    ben: w.ben.id,
    manager: w.manager.id,
  };
  await db.execute(sql`
    insert into customers (business_id, wa_id, profile_name)
    select ${biz}::uuid, '1555' || lpad(i::text, 7, '0'),
      case when i = ${FORMULA_I} then '=HYPERLINK("http://evil.test","x")' else 'Customer ' || i end
    from generate_series(1, ${n}::int) i`);
  await db.execute(sql`
    insert into conversations (business_id, number_id, customer_id, state, closed_reason, closed_by_id, closed_at,
      created_at, last_activity_at, first_reply_at, last_message_preview)
    select ${biz}::uuid,
      case when i % 2 = 0 then ${p.n0}::uuid else ${p.n1}::uuid end,
      cu.id, 'closed',
      (case when i % 3 = 0 then 'inactivity' else 'resolved' end)::closed_reason,
      case when i % 3 = 0 then null when i % 5 = 0 then ${p.manager}::uuid when i % 4 < 2 then ${p.asha}::uuid else ${p.ben}::uuid end,
      t.at, t.at - interval '1 hour', t.at, t.at - interval '50 minutes', 'Thanks, we are on it'
    from generate_series(1, ${n}::int) i
    cross join lateral (select '2026-01-01T00:00:00Z'::timestamptz + make_interval(days => i % 60, secs => i) as at) t
    join customers cu on cu.business_id = ${biz}::uuid and cu.wa_id = '1555' || lpad(i::text, 7, '0')`);
  const perConv = sql`from conversations c join customers cu on cu.id = c.customer_id
    cross join lateral (select substr(cu.wa_id, 5)::int as i) k where c.business_id = ${biz}::uuid`;
  await db.execute(sql`
    insert into messages (business_id, number_id, customer_id, conversation_id, direction, type, body, status, sent_at)
    select c.business_id, c.number_id, c.customer_id, c.id, 'inbound', 'text',
      'Hello, about order ' || k.i || case when k.i % 7 = 0 then ', I want a refund' else '' end, 'received', c.created_at
    ${perConv}`);
  await db.execute(sql`
    insert into messages (business_id, number_id, customer_id, conversation_id, direction, type, body, status, sent_at, author_id)
    select c.business_id, c.number_id, c.customer_id, c.id, 'outbound', 'text', 'Thanks, we are on it', 'delivered', c.first_reply_at,
      case when k.i % 4 < 2 then ${p.asha}::uuid else ${p.ben}::uuid end
    ${perConv}`);
  await db.execute(sql`
    insert into conversation_events (business_id, conversation_id, kind, actor_id, from_state, to_state, from_assignee_id, to_assignee_id, created_at)
    select c.business_id, c.id, (case when k.i % 3 = 0 then 'closed_inactivity' else 'resolved' end)::timeline_kind,
      c.closed_by_id, 'assigned', 'closed', case when k.i % 4 < 2 then ${p.asha}::uuid else ${p.ben}::uuid end, null, c.closed_at
    ${perConv}`);
  const rows = await db.execute(sql`select c.id, substr(cu.wa_id, 5)::int as i ${perConv}`);
  const list = (Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows) as {
    id: string;
    i: number;
  }[];
  return list.map((r) => ({ ...model(Number(r.i)), id: String(r.id) }));
}

async function allIds(
  db: Db,
  actorId: string,
  filters: ReviewFilters,
): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let after: Cursor | undefined;
  let total = -1;
  for (;;) {
    const r = await searchClosed(db, { actorId, filters, limit: 500, after });
    if (!r.ok) throw new Error(r.message);
    total = r.total;
    ids.push(...r.rows.map((x) => x.id));
    if (!r.next) break;
    after = r.next;
  }
  return { ids, total };
}

/** RFC 4180 parse, enough for our own output. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      out.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return out;
}

const day = (d: number) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);

describeEachDb("closed review on a seeded set", (ctx) => {
  let w: World;
  let other: World;
  let seeded: Seeded[];
  const size = () => sizeFor(ctx.kind);

  beforeAll(async () => {
    setPublisher(new RecordingPublisher());
    w = await makeBusiness(ctx.db);
    other = await makeBusiness(ctx.db);
    seeded = await seedClosed(ctx.db, w, size());
    // Another business with matching text: it must never show up.
    await seedClosed(ctx.db, other, 50);
  }, 120_000);

  const expectIds = async (filters: ReviewFilters, pred: (s: Seeded) => boolean) => {
    const want = seeded
      .filter(pred)
      .map((s) => s.id)
      .sort();
    const got = await allIds(ctx.db, w.manager.id, filters);
    expect(got.ids.length).toBe(new Set(got.ids).size);
    expect([...got.ids].sort()).toEqual(want);
    expect(got.total).toBe(want.length);
    return want.length;
  };

  it("seeds the whole set", () => {
    expect(seeded.length).toBe(size());
  });

  it("no filter: every closed conversation of the business, newest close first", async () => {
    await expectIds({}, () => true);
    const first = await searchClosed(ctx.db, { actorId: w.manager.id, filters: {}, limit: 20 });
    if (!first.ok) throw new Error(first.message);
    const times = first.rows.map((r) => r.closedAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("filters by date range (whole UTC days, both ends included)", async () => {
    const n = await expectIds({ from: day(10), to: day(19) }, (s) => s.day >= 10 && s.day <= 19);
    expect(n).toBeGreaterThan(0);
    await expectIds({ from: day(59) }, (s) => s.day === 59);
    await expectIds({ to: day(0) }, (s) => s.day === 0);
  });

  it("filters by member (who had it when it closed, or closed it)", async () => {
    await expectIds({ member: w.asha.id }, (s) => s.handler === "asha");
    await expectIds({ member: w.ben.id }, (s) => s.handler === "ben");
    // The manager closed every i % 5 == 0 that was resolved.
    await expectIds({ member: w.manager.id }, (s) => s.reason === "resolved" && s.i % 5 === 0);
  });

  it("filters by number, reason and customer", async () => {
    await expectIds({ number: w.numbers[0].id }, (s) => s.number === 0);
    await expectIds({ reason: "inactivity" }, (s) => s.reason === "inactivity");
    await expectIds({ reason: "resolved" }, (s) => s.reason === "resolved");
    await expectIds({ customer: "customer 77" }, (s) => s.name.toLowerCase().includes("customer 77"));
    await expectIds({ customer: "15550000013" }, (s) =>
      `1555${String(s.i).padStart(7, "0")}`.includes("15550000013"),
    );
    // LIKE wildcards in the input are literal.
    await expectIds({ customer: "%" }, () => false);
  });

  it("full-text search over message text, alone and combined with filters", async () => {
    const n = await expectIds({ q: "refund" }, (s) => s.refund);
    expect(n).toBeGreaterThan(100);
    await expectIds({ q: "REFUND want" }, (s) => s.refund);
    await expectIds({ q: "order 123" }, (s) => s.i === 123 || false);
    await expectIds(
      { q: "refund", reason: "inactivity", member: w.ben.id, number: w.numbers[1].id },
      (s) => s.refund && s.reason === "inactivity" && s.handler === "ben" && s.number === 1,
    );
  });

  it("streams the CSV export of every row, page by page, with correct contents", async () => {
    const r = await exportClosedCsv(ctx.db, { actorId: w.owner.id, filters: {} });
    if (!r.ok) throw new Error(r.message);
    const reader = r.stream.getReader();
    const dec = new TextDecoder();
    let text = "";
    let chunks = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks++;
      text += dec.decode(value, { stream: true });
    }
    // The header, then one chunk per 500-row page: never one buffer.
    expect(chunks).toBe(1 + Math.ceil(size() / 500));
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(CLOSED_CSV_HEADER);
    expect(rows.length).toBe(size() + 1);
    const byId = new Map(seeded.map((s) => [s.id, s]));
    const names = { asha: w.asha.name, ben: w.ben.name };
    const seen = new Set<string>();
    for (const row of rows.slice(1)) {
      const s = byId.get(row[0])!;
      expect(s).toBeDefined();
      seen.add(row[0]);
      expect(row[2]).toBe(s.reason);
      expect(row[4]).toBe(`1555${String(s.i).padStart(7, "0")}`);
      expect(row[5]).toBe(w.numbers[s.number].label);
      expect(row[7]).toBe(names[s.handler]);
      expect(row[8]).toBe(
        s.reason === "inactivity" ? "system" : s.i % 5 === 0 ? w.manager.name : names[s.handler],
      );
      expect(new Date(row[1]).getUTCDate()).toBe(new Date(Date.UTC(2026, 0, 1 + s.day)).getUTCDate());
      expect(row[3]).toBe(s.i === FORMULA_I ? `'${s.name}` : s.name);
    }
    expect(seen.size).toBe(size());
    // A customer-written formula reaches the file neutralised.
    expect(text).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
  });

  it("exports a filtered list too", async () => {
    const r = await exportClosedCsv(ctx.db, {
      actorId: w.manager.id,
      filters: { q: "refund", reason: "resolved" },
    });
    if (!r.ok) throw new Error(r.message);
    const rows = parseCsv(await new Response(r.stream).text());
    expect(
      rows
        .slice(1)
        .map((x) => x[0])
        .sort(),
    ).toEqual(
      seeded
        .filter((s) => s.refund && s.reason === "resolved")
        .map((s) => s.id)
        .sort(),
    );
  });

  it("refuses agents and other businesses", async () => {
    expect(await searchClosed(ctx.db, { actorId: w.asha.id, filters: {} })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await exportClosedCsv(ctx.db, { actorId: w.ben.id, filters: {} })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    const theirs = await allIds(ctx.db, other.manager.id, { q: "refund" });
    expect(theirs.ids.every((id) => !seeded.some((s) => s.id === id))).toBe(true);
    expect(
      await getTranscript(ctx.db, { actorId: other.manager.id, conversationId: seeded[0].id }),
    ).toMatchObject({
      ok: false,
      code: "not_found",
    });
  });
});

describeEachDb("closed review: transcript", (ctx) => {
  it("merges messages and the timeline in order, and exports them as CSV", async () => {
    setPublisher(new RecordingPublisher());
    const w = await makeBusiness(ctx.db);
    // The server's own clock orders the transcript (WhatsApp timestamps may lag).
    const id = await customerSays(
      ctx.db,
      w.numbers[0].phoneNumberId,
      newWaId(),
      "Where is my parcel?",
      new Date(Date.now() - 60_000),
    );
    const r1 = await reply(ctx.db, { memberId: w.asha.id, conversationId: id, text: "Let me check" });
    expect(r1.ok).toBe(true);
    await customerSays(ctx.db, w.numbers[0].phoneNumberId, (await customerOf(ctx.db, id))!, "=1+1 thanks");
    expect((await resolve(ctx.db, { memberId: w.asha.id, conversationId: id })).ok).toBe(true);

    const t = await getTranscript(ctx.db, { actorId: w.manager.id, conversationId: id });
    if (!t.ok) throw new Error(t.message);
    const seq = t.items.map((i) => (i.kind === "message" ? `${i.direction}:${i.body}` : `event:${i.event}`));
    expect(seq).toEqual([
      "event:opened",
      "inbound:Where is my parcel?",
      "event:picked_up",
      "outbound:Let me check",
      "inbound:=1+1 thanks",
      "event:resolved",
    ]);
    expect(t.header.closedReason).toBe("resolved");

    const csv = await exportTranscriptCsv(ctx.db, { actorId: w.owner.id, conversationId: id });
    if (!csv.ok) throw new Error(csv.message);
    const rows = parseCsv(await new Response(csv.stream).text());
    expect(rows.length).toBe(7);
    expect(rows[2]).toEqual([
      expect.any(String),
      "message",
      "inbound",
      "Customer",
      "text",
      "Where is my parcel?",
      "received",
    ]);
    expect(rows[4][3]).toBe("Asha Rao");
    expect(rows[5][5]).toBe("'=1+1 thanks");
    expect(rows[6].slice(1, 5)).toEqual(["event", "", "Asha Rao", "resolved"]);

    expect(await exportTranscriptCsv(ctx.db, { actorId: w.asha.id, conversationId: id })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
  });
});

async function customerOf(db: Db, conversationId: string): Promise<string | null> {
  const r = await db.execute(
    sql`select cu.wa_id from conversations c join customers cu on cu.id = c.customer_id where c.id = ${conversationId}::uuid`,
  );
  const rows = (Array.isArray(r) ? r : (r as unknown as { rows: unknown[] }).rows) as { wa_id: string }[];
  return rows[0]?.wa_id ?? null;
}

describe("csv cells and filter parsing", () => {
  it("quotes and neutralises formulas", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvCell("+1 555")).toBe("'+1 555");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell(null)).toBe("");
    expect(csvCell(new Date("2026-01-01T00:00:00Z"))).toBe("2026-01-01T00:00:00.000Z");
    expect(csvCell(3)).toBe("3");
  });

  it("drops malformed filters instead of failing", () => {
    expect(
      parseReviewFilters({
        from: "2026-01-01",
        to: "yesterday",
        member: "x",
        reason: "spam",
        q: "  refund ",
        customer: "",
      }),
    ).toEqual({
      from: "2026-01-01",
      q: "refund",
    });
  });
});
