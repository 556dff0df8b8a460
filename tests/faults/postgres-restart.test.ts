import type { Browser } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeGraph } from "../helpers/fake-graph";
import { memberPage } from "./harness/browser";
import { printFigures, step } from "./harness/figures";
import { sendsByText } from "./harness/graph-sends";
import {
  conversationsOf,
  outboundByText,
  storedWamidCounts,
  wamidsInDeliveries,
} from "./harness/inbox-state";
import { signIn } from "./harness/member-client";
import { openChecker, prepareDatabase } from "./harness/prepare-database";
import { ReplyLoad } from "./harness/reply-load";
import { type AppInstance, appBuilt, startApp } from "./harness/start-app";
import { type OwnPostgres, postgresAvailable, startPostgres } from "./harness/start-postgres";
import { waitFor } from "./harness/wait-for";
import { WebhookLoad } from "./harness/webhook-load";

/**
 * PostgreSQL is restarted under load: customer webhooks at FAULT_WEBHOOKS_PER_SECOND and one
 * member replying through the real server action. Every acknowledged webhook must be stored,
 * every refused one delivered again and stored once, every reply either accepted (and sent) or
 * answered with something the member sees, and the same app process must carry on afterwards.
 */
const RATE = Number(process.env.FAULT_WEBHOOKS_PER_SECOND ?? 200);
/** Load goes on after the restart until this many more webhooks were acknowledged. */
const AFTER_RESTART = 50;

describe.skipIf(!postgresAvailable() || !appBuilt())("PostgreSQL restarted under load", () => {
  let pg: OwnPostgres;
  let graph: FakeGraph;
  let app: AppInstance;
  let check: Awaited<ReturnType<typeof openChecker>>;
  let browser: Browser | undefined;

  beforeAll(async () => {
    pg = await startPostgres();
    const url = await prepareDatabase(pg);
    graph = await new FakeGraph().start();
    app = await startApp({ databaseUrl: url, graphUrl: graph.url, graphToken: graph.token });
    check = await openChecker(url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.destroy();
    await check?.sql.end({ timeout: 1 }).catch(() => {});
    await graph?.stop();
    await pg?.destroy();
  });

  it("stores every acknowledged webhook once, says which replies failed, and recovers by itself", async () => {
    const load = new WebhookLoad(() => app.url);
    // The member's own conversations, started by customers before the load.
    const replyCustomers = Array.from({ length: 4 }, (_, i) => `4479000100${i}`);
    await Promise.all(replyCustomers.map((w) => load.send(w, `hello from ${w}`)));
    const convs = await conversationsOf(check.sql, replyCustomers);
    expect(convs).toHaveLength(replyCustomers.length);
    const cookie = await signIn(app.url, "asha@demo.test");
    const replies = new ReplyLoad(() => app.url, cookie, convs, "pg-restart");
    // One conversation the member answers in a real browser page, opened before the fault.
    const pageCustomer = "447900109999";
    await load.send(pageCustomer, "hello from the page customer");
    const [pageConv] = await conversationsOf(check.sql, [pageCustomer]);
    const member = await memberPage(app.url, cookie);
    browser = member.browser;
    const { page } = member;
    await page.goto(`${app.url}/inbox/open?c=${pageConv.id}`);
    const composer = page.getByRole("textbox", { name: "Message" });
    await composer.waitFor({ timeout: 60_000 });

    const loadCustomers = Array.from({ length: 50 }, (_, i) => `4479000200${String(i).padStart(2, "0")}`);
    const pid = app.pid(); // the same process throughout: never restarted below
    expect(pid).toBeDefined();
    let done = false;
    const until = () => done;
    const webhooks = load.run({ perSecond: RATE, until, maxMs: 180_000, waIds: loadCustomers });
    const replying = replies.run({ everyMs: 150, until, maxMs: 180_000 });

    // The fault: once the load is flowing, stop the database, and keep it down until the app
    // has visibly refused both a webhook and a reply (so the test proves what it claims).
    await waitFor("the load to flow", () => load.figures().answered200 >= 50, { timeoutMs: 30_000 });
    step(`load flowing ${JSON.stringify(load.figures())}; stopping PostgreSQL`);
    const repliesBefore = replies.attempts.length;
    await pg.stop();
    step("PostgreSQL stopped");
    // The member presses Send while the database is down: the page must say the message was
    // not sent, stay where it is, and keep the draft (SPEC §8, docs/realtime.md).
    const draft = "pg-restart draft written during the outage";
    const inboxUrl = `${app.url}/inbox/open?c=${pageConv.id}`;
    await composer.fill(draft);
    await page.getByRole("button", { name: "Send" }).click();
    const notice = page.getByRole("alert", { name: "Message not sent" });
    // Watched while the outage goes on: the database stays down until the page has answered
    // or a minute has passed.
    const pageAnswered = waitFor(
      "the page to answer the failed send",
      async () => (await notice.isVisible().catch(() => false)) || !page.url().startsWith(inboxUrl),
      { timeoutMs: 60_000 },
    ).then(
      () => true,
      () => false,
    );
    await waitFor(
      "the app to refuse a webhook and a reply while the database is down",
      () => {
        const f = load.figures();
        return f.answered5xx + f.networkErrors > 0 && replies.notAccepted().length > 0;
      },
      { timeoutMs: 100_000 },
    );
    step(`outage seen by ${replies.attempts.length - repliesBefore} replies`);
    const answeredInTime = await pageAnswered;
    const urlAfterFailure = page.url();
    const saidSo = await notice.isVisible().catch(() => false);
    const noticeText = saidSo ? ((await notice.textContent()) ?? "") : "";
    const draftRightAfter = await composer.inputValue();
    step(`page after the failed send: ${urlAfterFailure} notice=${JSON.stringify(noticeText)}`);
    await pg.start();
    step(`PostgreSQL started again ${JSON.stringify(load.figures())}`);
    const ackedAtRestart = load.figures().answered200;
    await waitFor("load to flow again", () => load.figures().answered200 >= ackedAtRestart + AFTER_RESTART, {
      timeoutMs: 90_000,
    });
    done = true;

    await Promise.all([webhooks, replying]);
    step(`load over ${JSON.stringify(load.figures())}`);
    await load.settle(60_000);
    step(`settled ${JSON.stringify(load.figures())}`);

    // Recovered without a restart: the same process answers health, a webhook and a reply.
    expect(app.pid()).toBe(pid);
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    await load.send(loadCustomers[0], "after the restart");
    const afterDelivery = [...load.deliveries.values()].at(-1);
    expect(afterDelivery?.answers).toEqual([200]);
    const lastAttempt = await replies.replyOnce(convs[0].id);
    expect(lastAttempt.answer).toMatchObject({ kind: "result", value: { ok: true } });
    // The member comes back to the conversation (after a reload or a sign-in if the page left):
    // the draft is still there and goes out with one more press, once.
    if (!page.url().startsWith(inboxUrl)) {
      await page
        .context()
        .addCookies([
          { name: cookie.split("=")[0], value: cookie.slice(cookie.indexOf("=") + 1), url: app.url },
        ]);
      await page.goto(inboxUrl);
    }
    await composer.waitFor({ timeout: 60_000 });
    const draftAfterRecovery = await composer.inputValue();
    const sendButton = page.getByRole("button", { name: "Send" });
    const sendFinished = await waitFor("the page's Send to finish", () => sendButton.isEnabled(), {
      timeoutMs: 30_000,
    }).then(
      () => true,
      () => false,
    );
    expect.soft(answeredInTime, "the page answers a send that cannot succeed within a minute").toBe(true);
    expect.soft(urlAfterFailure, "the page stays in the inbox after a failed send").toContain("/inbox/");
    expect.soft(saidSo, 'the page shows "Message not sent"').toBe(true);
    expect.soft(noticeText.trim(), "the notice says what happened").not.toBe("");
    expect.soft(draftRightAfter, "the draft stays in the composer").toBe(draft);
    expect.soft(draftAfterRecovery, "the draft is still there when the member comes back").toBe(draft);
    expect.soft(sendFinished, "the page's Send is usable again once the database is back").toBe(true);
    const pageSends = draftAfterRecovery === draft && sendFinished;
    if (pageSends) {
      await sendButton.click();
      await waitFor(
        "the composer to empty after the send",
        async () => (await composer.inputValue()) === "",
        {
          timeoutMs: 30_000,
        },
      );
      await waitFor(
        "the draft to be sent",
        async () => (await outboundByText(check.sql, [draft])).get(draft)?.[0]?.status === "sent",
        { timeoutMs: 30_000 },
      );
      expect((await outboundByText(check.sql, [draft])).get(draft)).toHaveLength(1);
    }

    const figures = load.figures();
    // No refusal that Meta would not retry (a 4xx) for valid, signed webhooks.
    expect(figures.other).toBe(0);
    // The sender retried every refused delivery until it was acknowledged.
    expect(load.acked()).toHaveLength(load.deliveries.size);
    const ackedWamids = load.acked().map((d) => d.wamid);
    // Acknowledged means durably stored: each one is a message already, or a stored delivery
    // that the retry sweep will process.
    const processedAtOnce = await storedWamidCounts(check.sql, ackedWamids);
    const inDeliveries = await wamidsInDeliveries(check.sql, ackedWamids);
    expect(ackedWamids.filter((w) => !processedAtOnce.has(w) && !inDeliveries.has(w))).toEqual([]);
    // The fault really happened: some deliveries were refused and delivered again.
    const retried = load.retried();
    expect(retried.length).toBeGreaterThan(0);
    // Afterwards (retry sweep included) every acknowledged webhook is a message, exactly once.
    const stored = await waitFor(
      "every acknowledged webhook to be processed",
      async () => {
        const s = await storedWamidCounts(check.sql, ackedWamids);
        return s.size === ackedWamids.length ? s : undefined;
      },
      { timeoutMs: 90_000, everyMs: 500 },
    ).catch(async (e) => {
      const s = await storedWamidCounts(check.sql, ackedWamids);
      throw new Error(
        `${(e as Error).message}; never stored: ${ackedWamids.filter((w) => !s.has(w)).join(", ")}`,
      );
    });
    expect([...stored.entries()].filter(([, n]) => n !== 1)).toEqual([]);

    // Replies: accepted ones are stored and sent once; every other one told the member so and
    // left nothing behind.
    const accepted = replies.accepted();
    const notAccepted = replies.notAccepted();
    expect(notAccepted.length).toBeGreaterThan(0);
    for (const a of notAccepted) {
      if (a.answer.kind === "result") expect(a.answer.value.message ?? "").not.toBe("");
      // A failed request is shown as "Could not reach the server … not sent" by the composer.
    }
    const rows = await outboundByText(
      check.sql,
      replies.attempts.map((a) => a.text),
    );
    // "Not sent" must be true: nothing of a refused or failed reply is stored.
    expect(
      notAccepted.filter((a) => rows.has(a.text)).map((a) => `${a.text}: ${JSON.stringify(a.answer)}`),
    ).toEqual([]);
    expect(accepted.filter((a) => rows.get(a.text)?.length !== 1).map((a) => a.text)).toEqual([]);
    await waitFor(
      "every accepted reply to be sent",
      async () => {
        const now = await outboundByText(
          check.sql,
          accepted.map((a) => a.text),
        );
        return accepted.every((a) => now.get(a.text)?.[0]?.status === "sent");
      },
      { timeoutMs: 90_000, everyMs: 250 },
    );
    const sends = sendsByText(graph);
    const notOnce = accepted.filter((a) => sends.get(a.text) !== 1);
    printFigures("postgres-restart", {
      rate: RATE,
      webhooks_sent: figures.sent,
      answered_200: figures.answered200,
      answered_5xx: figures.answered5xx,
      connection_errors: figures.networkErrors,
      retried_deliveries: retried.length,
      processed_before_answer: processedAtOnce.size,
      stored: stored.size,
      replies_tried: replies.attempts.length,
      replies_accepted: accepted.length,
      replies_refused: notAccepted.filter((a) => a.answer.kind === "result").length,
      replies_failed_http: notAccepted.filter((a) => a.answer.kind === "failed").length,
      replies_sent_once: accepted.length - notOnce.length,
      replies_sent_twice_or_more: notOnce.filter((a) => (sends.get(a.text) ?? 0) > 1).length,
      page_answered: answeredInTime ? "yes" : "no",
      page_said_not_sent: saidSo ? "yes" : "no",
      page_kept_draft: draftAfterRecovery === draft ? "yes" : "no",
      page_send_usable_after: sendFinished ? "yes" : "no",
    });
    expect(notOnce.map((a) => `${a.text}: sent ${sends.get(a.text) ?? 0} times`)).toEqual([]);
    if (pageSends) expect(sends.get(draft)).toBe(1);
  });
});
