import { expect, test, type Page } from "@playwright/test";
import { contextFor, signIn } from "./fixtures/auth";
import { signedInAs, throwawayMember } from "./fixtures/members";
import { customerSays, openConversation, row, serverList, uniqueWaId } from "./inbox-helpers";

/** Dashboard figures of one member, as the page shows them. */
const assignedOnDashboard = async (page: Page, name: string) =>
  Number(await page.getByTestId(`member-row-${name}`).getByTestId("assigned-count").textContent());

test("the manager bulk-reassigns three of one agent's conversations to another; both screens change live, without a reload", async ({
  browser,
  request,
}) => {
  // Two throwaway agents play the giver and the taker: "Return all to Open" below empties the second
  // one's list, which must not move the shared demo members' conversations under other specs.
  const first = await throwawayMember(request, "bulkfrom");
  const second = await throwawayMember(request, "bulkto");
  const giver = await signedInAs(browser, first.email);
  const taker = await signedInAs(browser, second.email);
  const maya = await contextFor(browser, "manager");
  const stamp = Date.now();
  const names = [1, 2, 3].map((i) => `Bulk ${stamp} #${i}`);
  const keep = `Bulk ${stamp} stays`;

  // The giver picks up four conversations.
  for (const name of [...names, keep]) {
    await customerSays(request, { waId: uniqueWaId(), name, text: `Help with ${name}` });
    await giver.page.goto("/inbox/open");
    await openConversation(giver.page, name);
    await giver.page.getByRole("button", { name: "Pick up" }).click();
    await expect(giver.page.getByTestId("thread-assignee")).toHaveText(`Assigned to ${first.name}`);
  }

  // Each watches their own Assigned list.
  await giver.page.goto("/inbox/assigned?mine=1");
  await taker.page.goto("/inbox/assigned?mine=1");
  for (const name of names) await expect(row(giver.page, name)).toBeVisible();
  for (const name of names) await expect(row(taker.page, name)).toHaveCount(0);
  await expect(giver.page.getByText("Live", { exact: true })).toBeVisible();
  await expect(taker.page.getByText("Live", { exact: true })).toBeVisible();

  await maya.page.goto("/dashboard");
  await expect(maya.page.getByRole("heading", { name: "Team dashboard" })).toBeVisible();
  await expect(maya.page.getByText("Live", { exact: true })).toBeVisible();
  const giverBefore = await assignedOnDashboard(maya.page, first.name);
  const takerBefore = await assignedOnDashboard(maya.page, second.name);
  for (const name of names) await maya.page.getByRole("checkbox", { name: `Select ${name}` }).check();
  await maya.page.getByLabel("Reassign to").selectOption({ label: second.name });
  await maya.page.getByRole("button", { name: "Reassign", exact: true }).click();
  await expect(maya.page.getByText(`3 conversation(s) reassigned to ${second.name}.`)).toBeVisible();

  // No reload on either screen: the rows move live (how fast is npm run bench's to measure).
  for (const name of names) {
    await expect(row(taker.page, name)).toBeVisible();
    await expect(row(giver.page, name)).toHaveCount(0);
  }
  await expect(row(giver.page, keep)).toBeVisible();

  // The dashboard's counts follow, and match the server's lists.
  await expect.poll(() => assignedOnDashboard(maya.page, second.name)).toBe(takerBefore + 3);
  await expect.poll(() => assignedOnDashboard(maya.page, first.name)).toBe(giverBefore - 3);
  const assigned = await serverList(maya.page, "assigned");
  const byName = (n: string) =>
    assigned.filter((c) => (c as { assigneeName?: string }).assigneeName === n).length;
  expect(await assignedOnDashboard(maya.page, second.name)).toBe(byName(second.name));
  expect(await assignedOnDashboard(maya.page, first.name)).toBe(byName(first.name));
  // The Open total against the server's count, not a list (a list stops at its page size).
  const totals = (await (await maya.page.request.get("/api/inbox/counts")).json()) as { open: number };
  await expect(maya.page.getByTestId("open-total")).toHaveText(String(totals.open));

  // "Return all to Open" for the taker, in one step: their list empties live.
  await maya.page
    .getByRole("button", { name: `Return all of ${second.name}’s conversations to Open` })
    .click();
  for (const name of names) await expect(row(taker.page, name)).toHaveCount(0);
  await expect.poll(() => assignedOnDashboard(maya.page, second.name)).toBe(0);

  for (const c of [giver, taker, maya]) await c.context.close();
});

test("the team pages are refused server side below their role", async ({ browser }) => {
  const asha = await contextFor(browser, "asha");
  for (const path of ["/dashboard", "/review", "/settings"]) {
    await asha.page.goto(path);
    await expect(asha.page).toHaveURL(/\/inbox\/open/);
  }
  expect((await asha.page.request.get("/api/review/export")).status()).toBe(403);
  const maya = await contextFor(browser, "manager");
  await maya.page.goto("/settings");
  await expect(maya.page).toHaveURL(/\/inbox\/open/);
  await maya.page.goto("/review");
  await expect(maya.page.getByRole("heading", { name: "Closed review" })).toBeVisible();
  const csv = await maya.page.request.get("/api/review/export");
  expect(csv.status()).toBe(200);
  expect((await csv.text()).split("\r\n")[0]).toContain("conversation_id,closed_at,reason");
  const anon = await browser.newContext();
  expect((await anon.request.get("/api/review/export")).status()).toBe(401);
  for (const c of [asha.context, maya.context, anon]) await c.close();
});

test("presence: a member whose page is hidden shows as Away, then Online again, live", async ({
  browser,
  request,
}) => {
  // A throwaway agent: the demo members may still have pages open from earlier specs, and one
  // active page keeps a member Online.
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const email = `presence.${stamp}@demo.test`;
  const name = `Presence ${stamp}`;
  expect((await request.post("/api/test/members", { data: { action: "create", email, name } })).ok()).toBe(
    true,
  );
  const maya = await contextFor(browser, "manager");
  const context = await browser.newContext();
  const asha = { context, page: await context.newPage() };
  await signIn(asha.page, email);
  await asha.page.goto("/inbox/open");
  await maya.page.goto("/dashboard");
  const row = maya.page.getByTestId(`member-row-${name}`);
  await expect(row).toContainText("Online");

  const setHidden = (hidden: boolean) =>
    asha.page.evaluate((h) => {
      Object.defineProperty(document, "visibilityState", {
        value: h ? "hidden" : "visible",
        configurable: true,
      });
      document.dispatchEvent(new Event("visibilitychange"));
    }, hidden);
  await setHidden(true);
  await expect(row).toContainText("Away");
  await setHidden(false);
  await expect(row).toContainText("Online");
  await asha.context.close();
  await expect(row).toContainText("Offline");
  await maya.context.close();
});
