import { inArray, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { closeRawClient, openRawClient, setGlobalClient, type RawClient } from "../../db/client";
import { messages, webhookDeliveries } from "../../db/schema";
import { signBody } from "../../lib/whatsapp/signature";
import { freePort } from "../faults/harness/free-port";
import { describeEachDb } from "../helpers/db";
import { makeBusiness, newWaId, type World } from "../helpers/factory";
import {
  customerBody,
  installTestConfig,
  signedRequest,
  TEST_APP_SECRET,
  text,
} from "../helpers/webhook-fixtures";

/**
 * Meta keeps a delivery only until it gets a 2xx; there is no API to fetch it again. So the
 * webhook route may answer 200 only for a delivery it has stored: when the write of the raw
 * delivery fails, the answer is a 5xx (Meta retries), and Meta's retry of the very same bytes
 * is then stored — once, however often it comes.
 */
describeEachDb("webhook: a delivery that could not be stored is not acknowledged", (ctx) => {
  let w: World;

  beforeAll(async () => {
    installTestConfig();
    setGlobalClient(ctx.raw);
    w = await makeBusiness(ctx.db);
    // A real database fault: while `refuse_deliveries` has a row, storing a delivery raises.
    await ctx.db.execute(sql.raw("create table refuse_deliveries (down boolean)"));
    await ctx.db.execute(
      sql.raw(`create function refuse_delivery_insert() returns trigger language plpgsql as $$
        begin
          if exists (select 1 from refuse_deliveries) then
            raise exception 'injected fault: the database refused to store the delivery';
          end if;
          return new;
        end $$`),
    );
    await ctx.db.execute(
      sql.raw(
        "create trigger refuse_delivery before insert on webhook_deliveries for each row execute function refuse_delivery_insert()",
      ),
    );
  });

  /** Post these exact bytes, signed as Meta signs them, to the real route handler. */
  const post = async (raw: string) => {
    const { POST } = await import("../../app/api/webhooks/whatsapp/route");
    const res = await POST(signedRequest(raw, { signature: signBody(raw, TEST_APP_SECRET) }));
    return res.status;
  };
  const storedWamids = async (wamid: string) =>
    (
      await ctx.db
        .select({ id: messages.id })
        .from(messages)
        .where(inArray(messages.wamid, [wamid]))
    ).length;
  /** Deliveries whose body carries this wamid (the raw delivery log, before any processing). */
  const deliveriesOf = async (wamid: string) =>
    (
      await ctx.db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(sql`${webhookDeliveries.body}::text like ${`%${wamid}%`}`)
    ).length;

  it("the write of the raw delivery fails: 5xx and nothing kept; Meta's retry is stored, its message once", async () => {
    const waId = newWaId();
    const m = text(waId, "is my order on its way?");
    const raw = JSON.stringify(customerBody(w.numbers[0].phoneNumberId, waId, [m]));
    const wamid = m.id as string;

    await ctx.db.execute(sql.raw("insert into refuse_deliveries values (true)"));
    try {
      const refused = await post(raw);
      expect(refused).toBeGreaterThanOrEqual(500);
      expect(refused).toBeLessThan(600);
      expect(await deliveriesOf(wamid)).toBe(0);
      expect(await storedWamids(wamid)).toBe(0);
    } finally {
      await ctx.db.execute(sql.raw("delete from refuse_deliveries"));
    }

    // Meta retries the same delivery (same bytes, same signature), and may do so more than once.
    expect(await post(raw)).toBe(200);
    expect(await post(raw)).toBe(200);
    expect(await storedWamids(wamid)).toBe(1);
  });

  it("the database is unreachable: 503, and the retry once it is back is stored once", async () => {
    const waId = newWaId();
    const m = text(waId, "hello? anyone?");
    const raw = JSON.stringify(customerBody(w.numbers[1].phoneNumberId, waId, [m]));
    const wamid = m.id as string;

    // Nothing listens on this port: a PostgreSQL that is down.
    let dead: RawClient | undefined;
    try {
      dead = await openRawClient({ url: `postgres://postgres@127.0.0.1:${await freePort()}/switchboard` });
      setGlobalClient(dead);
      expect(await post(raw)).toBe(503);
    } finally {
      setGlobalClient(ctx.raw);
      if (dead) await closeRawClient(dead);
    }
    expect(await deliveriesOf(wamid)).toBe(0);

    expect(await post(raw)).toBe(200);
    expect(await post(raw)).toBe(200);
    expect(await storedWamids(wamid)).toBe(1);
  });
});
