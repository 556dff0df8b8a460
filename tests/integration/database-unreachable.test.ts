import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeRawClient, openRawClient, wrap, type Db, type RawClient } from "../../db/client";
import { isDatabaseUnavailable } from "../../db/unavailable";
import { actionFailure } from "../../lib/actions/action-failure";
import { callAction } from "../../lib/actions/call-action";
import { notSentNotice } from "../../lib/actions/failures";
import { reply } from "../../lib/services/conversations/reply";
import { freePort } from "../faults/harness/free-port";
import { waitFor } from "../faults/harness/wait-for";

/**
 * PostgreSQL is down (restarting, or gone): nothing listens on its port. Every request that needs
 * it must be refused at once with a reason, not queued until the database comes back — a
 * webhook gets its 503 so that Meta retries, a member is told the reply was not sent.
 */
describe("PostgreSQL not reachable", () => {
  let raw: RawClient;
  let db: Db;

  beforeAll(async () => {
    // The pool size the app runs with, so that the burst below queues as it would in the app.
    raw = await openRawClient({ url: `postgres://postgres@127.0.0.1:${await freePort()}/switchboard` });
    db = wrap(raw);
  });
  afterAll(() => closeRawClient(raw));

  it("a burst of queries and transactions is refused, each one as 'database unavailable'", async () => {
    const outcomes: unknown[] = [];
    const settle = (p: Promise<unknown>) =>
      p.then(
        () => outcomes.push("answered"),
        (err) => outcomes.push(err),
      );
    // Far more work than the pool has connections: what does not get a connection waits in the
    // driver's queue, and must be refused from there too.
    for (let i = 0; i < 200; i++) {
      settle(db.execute(sql`select 1`));
      if (i % 10 === 0) settle(db.transaction(async (tx) => tx.execute(sql`select 2`)));
    }
    await waitFor("every query to be refused", () => outcomes.length === 220, { timeoutMs: 15_000 });
    expect(outcomes.filter((o) => !isDatabaseUnavailable(o))).toEqual([]);
  });

  it("a reply is refused with words a member can read, and the composer keeps the message", async () => {
    const err = await reply(db, {
      memberId: randomUUID(),
      conversationId: randomUUID(),
      text: "are you there?",
      idempotencyKey: randomUUID(),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeDefined();
    const answer = actionFailure(err);
    expect(answer).toEqual({
      ok: false,
      code: "unavailable",
      message: "Switchboard could not reach its database. Nothing was changed; try again.",
    });
    expect(notSentNotice(answer.code, answer.message)).toBe(
      "Not sent: Switchboard could not reach its database. Your message is kept — press Send to try again.",
    );
  });

  it("an unexpected error is not reported as a database outage", () => {
    expect(actionFailure(new Error("boom")).code).toBe("internal");
    expect(isDatabaseUnavailable(Object.assign(new Error("dup"), { code: "23505" }))).toBe(false);
  });
});

describe("calling an action from the page", () => {
  it("a request that fails becomes a refusal the page shows, not an exception", async () => {
    const r = await callAction(async (): Promise<{ ok: true }> => {
      throw new TypeError("Failed to fetch");
    });
    expect(r).toMatchObject({ ok: false, code: "network" });
    expect(notSentNotice(r.ok ? "" : r.code, "")).toBe(
      "Not sent: Switchboard could not be reached. Your message is kept — press Send to try again.",
    );
    expect(await callAction(async () => ({ ok: true as const, id: 1 }))).toEqual({ ok: true, id: 1 });
  });
  it("a refusal that is not worth retrying keeps its own words", () => {
    expect(notSentNotice("window_closed", "The 24-hour window has closed.")).toBe(
      "The 24-hour window has closed.",
    );
  });
});
