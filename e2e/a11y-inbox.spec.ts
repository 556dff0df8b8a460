import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { contextFor, signIn, USERS } from "./fixtures/auth";
import { screenshotPath } from "./fixtures/screenshots";
import { customerSays, openConversation, openTab, row, uniqueWaId } from "./inbox-helpers";

const serious = (v: { impact?: string | null }[]) =>
  v.filter((x) => x.impact === "serious" || x.impact === "critical");

/**
 * A conversation of this test's own, picked up by the signed-in member: the demo conversations
 * are for people trying the app, and may have been changed by earlier specs.
 */
async function ownAssignedConversation(request: APIRequestContext, page: Page, tag: string) {
  const name = `${tag} ${uniqueWaId().slice(-6)}`;
  await customerSays(request, { waId: uniqueWaId(), name, text: "Can I change my delivery address?" });
  await page.goto("/inbox/open");
  await openConversation(page, name);
  await page.getByRole("button", { name: "Pick up" }).click();
  await expect(page.getByTestId("thread-assignee")).toBeVisible();
  return name;
}

test("no serious or critical accessibility violations on /login and /inbox", async ({
  page,
  browser,
  request,
}) => {
  await page.goto("/login");
  const login = await new AxeBuilder({ page }).analyze();
  expect(serious(login.violations), JSON.stringify(serious(login.violations), null, 1)).toEqual([]);

  const { page: inbox, context } = await contextFor(browser, "asha");
  const name = await ownAssignedConversation(request, inbox, "A11y");
  await inbox.goto("/inbox/open");
  await expect(inbox.getByRole("tab", { name: /^Open/ })).toBeVisible();
  let r = await new AxeBuilder({ page: inbox }).analyze();
  expect(serious(r.violations), JSON.stringify(serious(r.violations), null, 1)).toEqual([]);
  await openTab(inbox, "Assigned");
  await row(inbox, name).click();
  await expect(inbox.getByRole("textbox", { name: "Message" })).toBeVisible();
  r = await new AxeBuilder({ page: inbox }).analyze();
  expect(serious(r.violations), JSON.stringify(serious(r.violations), null, 1)).toEqual([]);
  await context.close();
});

test("screenshots of the inbox at 1440 px and 390 px", async ({ browser, request }) => {
  const { page, context } = await contextFor(browser, "asha");
  await page.setViewportSize({ width: 1440, height: 900 });
  const name = await ownAssignedConversation(request, page, "Screenshot");
  await page.goto("/inbox/open");
  await openTab(page, "Assigned");
  await openConversation(page, name);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: screenshotPath("inbox-1440.png") });
  await context.close();

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const p = await phone.newPage();
  await signIn(p, USERS.asha);
  await expect(p.getByRole("tab", { name: /^Open/ })).toBeVisible();
  await p.screenshot({ path: screenshotPath("inbox-390-list.png") });
  await openTab(p, "Assigned");
  await row(p, name).click();
  await expect(p.getByRole("textbox", { name: "Message" })).toBeVisible();
  await p.screenshot({ path: screenshotPath("inbox-390-thread.png") });
  await phone.close();
});
