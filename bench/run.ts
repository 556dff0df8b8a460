/**
 * `npm run bench`: the timing figures, each printed beside its baseline. Timing lives here,
 * never in a test. Runs on the embedded database, and on PostgreSQL when BENCH_DATABASE_URL
 * (or TEST_DATABASE_URL) is set — a fresh database is created and dropped.
 */
import { performance } from "node:perf_hooks";
import { openTestDb } from "../tests/helpers/test-db";
import { customerSays, makeBusiness, newWaId, newWamid } from "../tests/helpers/factory";
import { receiveCustomerMessage } from "../lib/services/conversations/customer-message";
import { reply } from "../lib/services/conversations/reply";
import { pickUp } from "../lib/services/conversations/transition";
import { sweepAutoClose } from "../lib/services/conversations/auto-close";
import { and, desc, eq } from "drizzle-orm";
import { setGlobalClient } from "../db/client";
import {
  contact,
  envelope,
  postWebhook,
  text,
  installTestConfig,
  value,
} from "../tests/helpers/webhook-fixtures";
import { conversations } from "../db/schema";

async function main() {
  type Row = { name: string; value: number; unit: string; baseline: number; better: "lower" | "higher" };
  const rows: Row[] = [];

  function pct(values: number[], p: number) {
    const s = [...values].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
  }

  async function benchOn(kind: "pglite" | "postgres") {
    process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL;
    const t = await openTestDb(kind, { max: 20 });
    const db = t.db;
    try {
      const w = await makeBusiness(db);
      const phone = w.numbers[0].phoneNumberId;

      // Inbound messages, sequential: each a full T1/T3 transaction.
      const lat: number[] = [];
      for (let i = 0; i < 300; i++) {
        const s = performance.now();
        await receiveCustomerMessage(db, {
          phoneNumberId: phone,
          customer: { waId: newWaId(), profileName: "Bench" },
          message: { wamid: newWamid(), type: "text", body: `hello ${i}`, timestamp: new Date() },
        });
        lat.push(performance.now() - s);
      }
      rows.push({
        name: `${kind}: inbound message p50`,
        value: pct(lat, 50),
        unit: "ms",
        baseline: kind === "pglite" ? 15 : 10,
        better: "lower",
      });
      rows.push({
        name: `${kind}: inbound message p99`,
        value: pct(lat, 99),
        unit: "ms",
        baseline: kind === "pglite" ? 60 : 40,
        better: "lower",
      });

      // Concurrent inbound throughput (what a batch of webhooks does).
      const n = 400;
      const s = performance.now();
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          receiveCustomerMessage(db, {
            phoneNumberId: w.numbers[1].phoneNumberId,
            customer: { waId: newWaId() },
            message: { wamid: newWamid(), type: "text", body: `burst ${i}`, timestamp: new Date() },
          }),
        ),
      );
      rows.push({
        name: `${kind}: inbound throughput`,
        value: n / ((performance.now() - s) / 1000),
        unit: "msg/s",
        baseline: kind === "pglite" ? 80 : 150,
        better: "higher",
      });

      // Reply that picks up (T5), sequential.
      const open = await db
        .select({ id: conversations.id })
        .from(conversations)
        .where(and(eq(conversations.businessId, w.biz.id), eq(conversations.state, "open")))
        .limit(200);
      const rl: number[] = [];
      for (const c of open) {
        const t0 = performance.now();
        await reply(db, { memberId: w.asha.id, conversationId: c.id, text: "On it!" });
        rl.push(performance.now() - t0);
      }
      rows.push({
        name: `${kind}: reply (picks up) p50`,
        value: pct(rl, 50),
        unit: "ms",
        baseline: kind === "pglite" ? 15 : 10,
        better: "lower",
      });

      // First page of a tab (keyset index).
      const ll: number[] = [];
      for (let i = 0; i < 100; i++) {
        const t0 = performance.now();
        await db
          .select()
          .from(conversations)
          .where(and(eq(conversations.businessId, w.biz.id), eq(conversations.state, "assigned")))
          .orderBy(desc(conversations.lastActivityAt), desc(conversations.id))
          .limit(50);
        ll.push(performance.now() - t0);
      }
      rows.push({
        name: `${kind}: tab first page (50 rows) p50`,
        value: pct(ll, 50),
        unit: "ms",
        baseline: 5,
        better: "lower",
      });

      // The real webhook route, signed: one message per POST, and a batch of 100 (Meta batches).
      installTestConfig();
      setGlobalClient(t.raw);
      const one: number[] = [];
      for (let i = 0; i < 100; i++) {
        const waId = newWaId();
        const body = envelope([
          {
            values: [
              value({ phoneNumberId: phone, contacts: [contact(waId)], messages: [text(waId, `hook ${i}`)] }),
            ],
          },
        ]);
        const t0 = performance.now();
        const r = await postWebhook(body);
        one.push(performance.now() - t0);
        if (r.status !== 200) throw new Error(`webhook answered ${r.status}`);
      }
      rows.push({
        name: `${kind}: webhook, 1 message, p50`,
        value: pct(one, 50),
        unit: "ms",
        baseline: 250,
        better: "lower",
      });
      rows.push({
        name: `${kind}: webhook, 1 message, p99`,
        value: pct(one, 99),
        unit: "ms",
        baseline: 1000,
        better: "lower",
      });
      const batch: number[] = [];
      for (let b = 0; b < 5; b++) {
        const msgs = Array.from({ length: 100 }, (_, i) => {
          const waId = newWaId();
          return { c: contact(waId), m: text(waId, `batch ${b}.${i}`) };
        });
        const body = envelope([
          {
            values: [
              value({ phoneNumberId: phone, contacts: msgs.map((x) => x.c), messages: msgs.map((x) => x.m) }),
            ],
          },
        ]);
        const t0 = performance.now();
        await postWebhook(body);
        batch.push(performance.now() - t0);
      }
      rows.push({
        name: `${kind}: webhook, 100 messages, p50`,
        value: pct(batch, 50),
        unit: "ms",
        baseline: 2500,
        better: "lower",
      });

      // Auto-close sweep over 200 due conversations.
      const old = new Date(Date.now() - 72 * 3600_000);
      const w2 = await makeBusiness(db);
      for (let i = 0; i < 200; i++) {
        const id = await customerSays(db, w2.numbers[0].phoneNumberId, newWaId(), "old", old);
        await pickUp(db, { memberId: w2.ben.id, conversationId: id, now: old });
      }
      const t0 = performance.now();
      const r = await sweepAutoClose(db, { defaultMinutes: 2880 });
      rows.push({
        name: `${kind}: auto-close sweep (${r.closed.length} due)`,
        value: performance.now() - t0,
        unit: "ms",
        baseline: 2000,
        better: "lower",
      });
    } finally {
      await t.close();
    }
  }

  await benchOn("pglite");
  if (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL) await benchOn("postgres");
  else
    console.log(
      "(set BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres to also measure PostgreSQL)",
    );

  const w = Math.max(...rows.map((r) => r.name.length));
  console.log(`\n${"figure".padEnd(w)}  ${"value".padStart(10)}  ${"baseline".padStart(10)}  verdict`);
  for (const r of rows) {
    const ok = r.better === "lower" ? r.value <= r.baseline : r.value >= r.baseline;
    console.log(
      `${r.name.padEnd(w)}  ${r.value.toFixed(1).padStart(10)}  ${`${r.baseline}`.padStart(10)}  ${r.unit} ${ok ? "ok" : "WORSE than baseline"}`,
    );
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
