import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";
import { openConversation, openTab, row } from "./inbox-helpers";

const serious = (v: { impact?: string | null }[]) =>
  v.filter((x) => x.impact === "serious" || x.impact === "critical");

test("no serious or critical accessibility violations on /login and /inbox", async ({ page, browser }) => {
  await page.goto("/login");
  const login = await new AxeBuilder({ page }).analyze();
  expect(serious(login.violations), JSON.stringify(serious(login.violations), null, 1)).toEqual([]);

  const { page: inbox, context } = await contextFor(browser, "asha");
  await expect(inbox.getByRole("tab", { name: /^Open/ })).toBeVisible();
  let r = await new AxeBuilder({ page: inbox }).analyze();
  expect(serious(r.violations), JSON.stringify(serious(r.violations), null, 1)).toEqual([]);
  await openTab(inbox, "Assigned");
  await row(inbox, "Lina Haddad").click();
  await expect(inbox.getByRole("textbox", { name: "Message" })).toBeVisible();
  r = await new AxeBuilder({ page: inbox }).analyze();
  expect(serious(r.violations), JSON.stringify(serious(r.violations), null, 1)).toEqual([]);
  await context.close();
});

test("screenshots of the inbox at 1440 px and 390 px (docs/screenshots)", async ({ browser }) => {
  mkdirSync("docs/screenshots", { recursive: true });
  const { page, context } = await contextFor(browser, "asha");
  await page.setViewportSize({ width: 1440, height: 900 });
  await openTab(page, "Assigned");
  await openConversation(page, "Lina Haddad");
  await page.mouse.move(0, 0);
  await page.screenshot({ path: "docs/screenshots/inbox-1440.png" });
  await context.close();

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const p = await phone.newPage();
  const { signIn } = await import("./fixtures/auth");
  await signIn(p, "asha@demo.test");
  await expect(p.getByRole("tab", { name: /^Open/ })).toBeVisible();
  await p.screenshot({ path: "docs/screenshots/inbox-390-list.png" });
  await openTab(p, "Assigned");
  await row(p, "Lina Haddad").click();
  await expect(p.getByRole("textbox", { name: "Message" })).toBeVisible();
  await p.screenshot({ path: "docs/screenshots/inbox-390-thread.png" });
  await phone.close();
});
