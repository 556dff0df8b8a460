import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeGraph } from "../helpers/fake-graph";
import { printFigures, step } from "./harness/figures";
import { conversationsOf, storedWamidCounts } from "./harness/inbox-state";
import { getJson, type Listener, listen, signIn } from "./harness/member-client";
import { openChecker, prepareDatabase } from "./harness/prepare-database";
import { type AppInstance, appBuilt, startApp } from "./harness/start-app";
import { type OwnPostgres, postgresAvailable, startPostgres } from "./harness/start-postgres";
import { type OwnRedis, redisAvailable, startRedis } from "./harness/start-redis";
import { waitFor } from "./harness/wait-for";
import { WebhookLoad } from "./harness/webhook-load";

/**
 * Two instances share events through the Redis Streams adapter; Redis is killed and started
 * again empty while webhooks arrive on both. Events must reach members on both instances
 * again, and whatever a socket missed must show as a gap in `seq` (which makes the client
 * refetch) and be restored by the refetch routes.
 */
const RATE = Number(process.env.FAULT_WEBHOOKS_PER_SECOND ?? 200);

describe.skipIf(!postgresAvailable() || !redisAvailable() || !appBuilt())(
  "Redis restarted under two instances",
  () => {
    let pg: OwnPostgres;
    let redis: OwnRedis;
    let graph: FakeGraph;
    let apps: AppInstance[] = [];
    let check: Awaited<ReturnType<typeof openChecker>>;

    beforeAll(async () => {
      pg = await startPostgres();
      const url = await prepareDatabase(pg);
      redis = await startRedis();
      graph = await new FakeGraph().start();
      const opts = { databaseUrl: url, graphUrl: graph.url, graphToken: graph.token, redisUrl: redis.url };
      // One after the other: two `next` processes starting at once on two cores time out.
      apps = [await startApp(opts), await startApp(opts)];
      check = await openChecker(url);
    });

    afterAll(async () => {
      for (const a of apps) await a.destroy();
      await check?.sql.end({ timeout: 1 }).catch(() => {});
      await graph?.stop();
      await redis?.stop();
      await pg?.destroy();
    });

    it("keeps events flowing to both instances, and every loss is a gap the refetch restores", async () => {
      const [a, b] = apps;
      let turn = 0;
      const load = new WebhookLoad(() => apps[turn++ % 2].url);
      const onA = await listen(a.url, await signIn(a.url, "asha@demo.test"));
      const benCookie = await signIn(b.url, "ben@demo.test");
      const onB = await listen(b.url, benCookie);

      /** A new customer writes to `via`; the listener on the other instance must see it. */
      let markers = 0;
      const crossing = async (via: AppInstance, seenBy: Listener, timeoutMs: number) => {
        const waId = `4479200900${String(++markers).padStart(2, "0")}`;
        const marker = new WebhookLoad(() => via.url);
        await marker.send(waId, `marker ${markers}`);
        const [conv] = await conversationsOf(check.sql, [waId]);
        await waitFor(
          `the event of a webhook on one instance to reach a member on the other (${waId})`,
          () => seenBy.events.some((e) => e.type === "conversation.created" && e.conversationId === conv.id),
          { timeoutMs },
        );
        for (const d of marker.deliveries.values()) load.deliveries.set(d.wamid, d);
      };
      await crossing(a, onB, 10_000);
      await crossing(b, onA, 10_000);

      const loadCustomers = Array.from({ length: 50 }, (_, i) => `4479200200${String(i).padStart(2, "0")}`);
      let done = false;
      const webhooks = load.run({ perSecond: RATE, until: () => done, maxMs: 120_000, waIds: loadCustomers });
      await waitFor("the load to flow", () => load.figures().answered200 >= 30, { timeoutMs: 60_000 });
      const seenBefore = [onA.events.length, onB.events.length];
      await redis.restart();
      step(`redis restarted ${JSON.stringify(load.figures())}`);

      // Events cross between the instances again, both ways, with no instance restarted.
      const recoveredAt = Date.now();
      await crossing(a, onB, 30_000);
      await crossing(b, onA, 30_000);
      const recoveryMs = Date.now() - recoveredAt;
      const ackedAtRecovery = load.figures().answered200;
      await waitFor(
        "more load after the recovery",
        () => load.figures().answered200 >= ackedAtRecovery + 30,
        {
          timeoutMs: 60_000,
        },
      );
      done = true;
      await webhooks;
      await load.settle(60_000);
      // A last event after everything: each socket's newest seq must be the business's newest.
      await crossing(a, onB, 15_000);
      await crossing(b, onA, 15_000);

      for (const app of apps) expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
      const figures = load.figures();
      expect(figures.other).toBe(0);
      expect(load.acked()).toHaveLength(load.deliveries.size);
      const stored = await storedWamidCounts(
        check.sql,
        load.acked().map((d) => d.wamid),
      );
      expect(stored.size).toBe(load.acked().length);

      const [biz] = await check.sql<{ seq: number; open: number; assigned: number; closed: number }[]>`
        select b.event_seq::int as seq,
          (select count(*)::int from conversations c where c.business_id = b.id and c.state = 'open') as open,
          (select count(*)::int from conversations c where c.business_id = b.id and c.state = 'assigned') as assigned,
          (select count(*)::int from conversations c where c.business_id = b.id and c.state = 'closed') as closed
        from businesses b where b.waba_id = '900000000000001'`;
      const lost: number[] = [];
      for (const l of [onA, onB]) {
        const seqs = new Set(l.events.map((e) => e.seq));
        const first = Math.min(...seqs);
        // Nothing lost silently at the end: the newest event reached the socket, so any earlier
        // loss is a gap in `seq` (docs/realtime.md), and the client refetches.
        await waitFor(
          "the newest event to reach every socket",
          () => l.events.some((e) => e.seq === biz.seq),
          {
            timeoutMs: 10_000,
          },
        );
        let missing = 0;
        for (let s = first; s <= biz.seq; s++) if (!seqs.has(s)) missing++;
        lost.push(missing);
      }
      // What the refetch restores, read through each instance: the counts and the newest seq.
      for (const [app, cookie] of [
        [a, await signIn(a.url, "asha@demo.test")],
        [b, benCookie],
      ] as const) {
        const counts = await getJson<{ open: number; assigned: number; closed: number; seq: number }>(
          app.url,
          cookie,
          "/api/inbox/counts",
        );
        expect(counts).toMatchObject({
          open: biz.open,
          assigned: biz.assigned,
          closed: biz.closed,
          seq: biz.seq,
        });
      }

      printFigures("redis-restart", {
        rate: RATE,
        webhooks_sent: figures.sent,
        answered_200: figures.answered200,
        answered_5xx: figures.answered5xx,
        connection_errors: figures.networkErrors,
        stored: stored.size,
        events_total: biz.seq,
        events_seen_a: onA.events.length,
        events_seen_b: onB.events.length,
        events_seen_before_restart_a: seenBefore[0],
        events_seen_before_restart_b: seenBefore[1],
        events_missed_a: lost[0],
        events_missed_b: lost[1],
        cross_instance_recovery_ms: recoveryMs,
      });
      onA.close();
      onB.close();
    });
  },
);
