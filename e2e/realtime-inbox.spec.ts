import { expect, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";
import { listenAs } from "./fixtures/live-listener";
import {
  composer,
  counts,
  customerSays,
  openConversation,
  openTab,
  row,
  serverList,
  shownIds,
  uniqueWaId,
} from "./inbox-helpers";

test("reconnect: offline while conversations arrive and change; back online the lists equal the database", async ({
  browser,
  request,
}) => {
  const asha = await contextFor(browser, "asha");
  const ben = await contextFor(browser, "ben");
  const stamp = Date.now();
  const early = `Before offline ${stamp}`;
  await customerSays(request, { waId: uniqueWaId(), name: early, text: "first" });
  await expect(row(asha.page, early)).toBeVisible();

  await asha.context.setOffline(true);
  await expect(asha.page.getByText("Reconnecting…")).toBeVisible();
  const during = [`Offline A ${stamp}`, `Offline B ${stamp}`];
  for (const n of during)
    await customerSays(request, { waId: uniqueWaId(), name: n, text: "while you were away" });
  await expect(row(ben.page, during[1])).toBeVisible();
  await openConversation(ben.page, early);
  await ben.page.getByRole("button", { name: "Pick up" }).click();
  await expect(ben.page.getByTestId("thread-assignee")).toHaveText("Assigned to Ben Okafor");
  // Still offline: Asha's screen has not heard of any of it.
  await expect(row(asha.page, during[0])).toHaveCount(0);
  await expect(row(asha.page, early)).toBeVisible();

  await asha.context.setOffline(false);
  await expect(asha.page.getByText("Live", { exact: true })).toBeVisible({ timeout: 10_000 });
  for (const n of during) await expect(row(asha.page, n)).toBeVisible({ timeout: 5000 });
  await expect(row(asha.page, early)).toHaveCount(0);
  // What the page shows is the head of the server's list, in order, at least a full page of it
  // (the list pages at 30 rows, so earlier specs may leave more Open conversations than it shows).
  await expect
    .poll(
      async () => {
        const shown = await shownIds(asha.page);
        const server = (await serverList(asha.page, "open")).map((r) => r.id);
        const fullEnough = shown.length >= Math.min(30, server.length);
        return fullEnough && JSON.stringify(shown) === JSON.stringify(server.slice(0, shown.length));
      },
      { timeout: 5000 },
    )
    .toBe(true);
  const db = await (await asha.page.request.get("/api/inbox/counts")).json();
  await expect
    .poll(() => counts(asha.page))
    .toEqual({ open: db.open, assigned: db.assigned, closed: db.closed });
  for (const c of [asha, ben]) await c.context.close();
});

test("a new Open conversation brings a toast and a count in the tab title", async ({ browser, request }) => {
  const asha = await contextFor(browser, "asha");
  await openTab(asha.page, "Assigned");
  const name = `Toast ${Date.now()}`;
  await customerSays(request, { waId: uniqueWaId(), name, text: "Knock knock" });
  await expect(
    asha.page.getByRole("status").filter({ hasText: `New conversation from ${name}` }),
  ).toBeVisible();
  await expect(asha.page).toHaveTitle(/^\(1\) /);
  await openTab(asha.page, "Open");
  await expect(asha.page).toHaveTitle(/^Inbox/);
  await expect(row(asha.page, name)).toBeVisible();
  await asha.context.close();
});

test("a Globex member sees none of Demo Co's conversations: not in lists, not by URL, not through the socket", async ({
  browser,
  request,
  baseURL,
}) => {
  const asha = await contextFor(browser, "asha");
  const gina = await contextFor(browser, "gina");
  await expect(gina.page.getByText("Live", { exact: true })).toBeVisible();
  // What each member's socket hears, with their own session cookie.
  const ashaHears = await listenAs(asha.context, baseURL!);
  const ginaHears = await listenAs(gina.context, baseURL!);
  const name = `Demo only ${Date.now()}`;
  await customerSays(request, { waId: uniqueWaId(), name, text: "secret Demo Co business" });
  await expect(row(asha.page, name)).toBeVisible();
  const demoId = await row(asha.page, name).getAttribute("data-conversation-id");
  await expect.poll(() => ashaHears.heard.length).toBeGreaterThan(0);
  const demoBusiness = ashaHears.heard.at(-1)?.businessId;
  expect(demoBusiness).toBeTruthy();

  // Globex's own traffic still arrives live, so the silence below is meaningful.
  const own = `Globex customer ${Date.now()}`;
  await customerSays(request, { waId: uniqueWaId(), name: own, text: "hello Globex", to: "globex" });
  await expect(row(gina.page, own)).toBeVisible();
  await expect(row(gina.page, name)).toHaveCount(0);
  for (const t of ["open", "assigned", "closed"] as const) {
    const items = await serverList(gina.page, t);
    expect(items.some((i) => i.id === demoId)).toBe(false);
  }
  await expect.poll(() => ginaHears.heard.length).toBeGreaterThan(0);
  expect(ginaHears.heard.filter((e) => e.businessId === demoBusiness)).toEqual([]);
  ashaHears.close();
  ginaHears.close();

  expect((await gina.page.request.get(`/api/inbox/conversations/${demoId}`)).status()).toBe(404);
  await gina.page.goto(`/inbox/open?c=${demoId}`);
  await expect(gina.page.getByText("Conversation not found")).toBeVisible();
  await expect(gina.page.getByText("secret Demo Co business")).toHaveCount(0);
  for (const c of [asha, gina]) await c.context.close();
});

test("who is viewing and typing shows in the thread and on the list row", async ({ browser, request }) => {
  const asha = await contextFor(browser, "asha");
  const ben = await contextFor(browser, "ben");
  const maya = await contextFor(browser, "manager");
  const name = `Presence ${Date.now()}`;
  await customerSays(request, { waId: uniqueWaId(), name, text: "Anyone looking?" });
  await openConversation(asha.page, name);
  await openConversation(ben.page, name);
  await expect(ben.page.getByTestId("viewers")).toContainText("Asha Rao viewing");
  await expect(row(maya.page, name)).toContainText("viewing");
  await composer(asha.page).pressSequentially("Let me check");
  await expect(ben.page.getByTestId("typing")).toHaveText("Asha Rao is typing…");
  await expect(row(maya.page, name)).toContainText("Asha Rao is typing…");
  await asha.context.close();
  await expect(ben.page.getByTestId("typing")).toHaveText("");
  await expect(row(maya.page, name)).not.toContainText("Asha Rao", { timeout: 5000 });
  await expect(row(maya.page, name)).toContainText("Viewing: Ben Okafor");
  for (const c of [ben, maya]) await c.context.close();
});

test("lists page in with infinite scroll, newest activity first, and unread counts are per member", async ({
  browser,
  request,
}) => {
  const stamp = Date.now();
  for (let i = 0; i < 32; i++)
    await customerSays(request, { waId: uniqueWaId(), name: `Scroll ${stamp} #${i}`, text: `message ${i}` });
  const ben = await contextFor(browser, "ben");
  const asha = await contextFor(browser, "asha");
  const panel = ben.page.getByRole("tabpanel");
  await expect(row(ben.page, `Scroll ${stamp} #31`)).toBeVisible();
  const server = await serverList(ben.page, "open");
  expect(server.length).toBeGreaterThan(30);
  await expect(panel.locator("a[data-conversation-id]")).toHaveCount(30);
  // Scrolling pages in at least the next 30 (all of them when fewer exist: earlier specs may have
  // left any number of Open conversations), in the server's order.
  const wanted = Math.min(server.length, 60);
  await expect
    .poll(async () => {
      await panel.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      return (await shownIds(ben.page)).length;
    })
    .toBeGreaterThanOrEqual(wanted);
  const shown = await shownIds(ben.page);
  // (the server's list here stops at 200 rows: compare the part both have)
  expect(shown.slice(0, server.length)).toEqual(server.slice(0, shown.length).map((s) => s.id));

  // Reading is per member: Asha opening the newest does not clear Ben's unread badge.
  await openConversation(asha.page, `Scroll ${stamp} #31`);
  await expect(row(asha.page, `Scroll ${stamp} #31`)).not.toContainText("unread");
  await customerSays(request, { waId: uniqueWaId(), name: `Scroll ${stamp} tail`, text: "bump" });
  await expect(row(ben.page, `Scroll ${stamp} tail`)).toBeVisible();
  await expect(row(ben.page, `Scroll ${stamp} #31`)).toContainText("1 unread");
  for (const c of [asha, ben]) await c.context.close();
});
