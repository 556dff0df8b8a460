import { type Browser, expect, type Page, test } from "@playwright/test";
import { signIn, USERS } from "./fixtures/auth";
import { sidewaysOverflow } from "./fixtures/layout";
import {
  composer,
  customerSays,
  openConversation,
  openTab,
  outbound,
  row,
  tab,
  thread,
  uniqueWaId,
} from "./inbox-helpers";

/**
 * The inbox on a phone (SPEC §3: the list and the open conversation one at a time below 1024 px):
 * at 390×844 the list is usable, a conversation opens full-screen with a way back, the composer is
 * on screen, and nothing is wider than the screen. Screenshots land in this test's folder under
 * test-results/ for a person to look at.
 */
const PHONE = { width: 390, height: 844 };

async function onPhone(browser: Browser, who: keyof typeof USERS) {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, USERS[who]);
  return { context, page };
}

async function snap(page: Page, file: string) {
  await page.screenshot({ path: test.info().outputPath(file) });
}

test("on a 390 px phone the list and the thread show one at a time, fit the screen, and the composer is reachable", async ({
  browser,
  request,
}) => {
  const stamp = Date.now();
  // A long name and a long unbroken link: the usual ways a narrow layout breaks.
  const name = `Phone customer with a rather long name ${stamp}`;
  const link = `https://shop.example.com/orders/${"a1b2c3d4".repeat(12)}?ref=${stamp}`;
  await customerSays(request, { waId: uniqueWaId(), name, text: `My order page says error: ${link}` });

  const asha = await onPhone(browser, "asha");
  await expect(asha.page).toHaveURL(/\/inbox\/open/);

  // The list: tabs and rows on screen, no thread beside it.
  for (const t of ["Open", "Assigned", "Closed"] as const) await expect(tab(asha.page, t)).toBeInViewport();
  await expect(row(asha.page, name)).toBeInViewport();
  await expect(asha.page.getByRole("heading", { level: 2 })).toHaveCount(0);
  await expect(asha.page.getByRole("button", { name: "Sign out" })).toBeInViewport();
  await snap(asha.page, "1-list.png");
  expect(await sidewaysOverflow(asha.page)).toEqual([]);

  // Opening a conversation shows the thread alone, with the way back and the composer on screen.
  await openConversation(asha.page, name);
  await expect(asha.page.getByRole("tabpanel")).toBeHidden();
  await expect(thread(asha.page).getByText(/My order page says error/)).toBeInViewport();
  await expect(asha.page.getByRole("button", { name: "Back to conversations" })).toBeInViewport();
  await expect(asha.page.getByRole("button", { name: "Pick up" })).toBeInViewport();
  await expect(composer(asha.page)).toBeInViewport();
  await expect(asha.page.getByRole("button", { name: "Send", exact: true })).toBeInViewport();
  await snap(asha.page, "2-thread-open.png");
  expect(await sidewaysOverflow(asha.page)).toEqual([]);

  // Replying works from the phone and picks the conversation up.
  await composer(asha.page).fill("Thanks, I'm looking at it now");
  await asha.page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(outbound(asha.page)).toHaveCount(1);
  await expect(asha.page.getByTestId("thread-assignee")).toHaveText("Assigned to Asha Rao");
  await expect(asha.page.getByRole("button", { name: "Mark as resolved" })).toBeInViewport();
  await expect(composer(asha.page)).toBeInViewport();
  await snap(asha.page, "3-thread-assigned.png");
  expect(await sidewaysOverflow(asha.page)).toEqual([]);

  // Back returns to the list.
  await asha.page.getByRole("button", { name: "Back to conversations" }).click();
  await expect(asha.page).not.toHaveURL(/[?&]c=/);
  await expect(asha.page.getByRole("tabpanel")).toBeVisible();
  await openTab(asha.page, "Assigned");
  await expect(row(asha.page, name)).toBeInViewport();
  await snap(asha.page, "4-assigned-list.png");
  expect(await sidewaysOverflow(asha.page)).toEqual([]);

  // A manager's header carries the most controls; they wrap and stay on screen.
  const maya = await onPhone(browser, "manager");
  await openTab(maya.page, "Assigned");
  await openConversation(maya.page, name);
  for (const label of ["Take over", "Reassign", "Mark as resolved", "Return to Open"])
    await expect(maya.page.getByRole("button", { name: label })).toBeInViewport();
  await expect(maya.page.getByTestId("composer-reason")).toBeInViewport();
  // The disabled box is described by that reason (instead of a placeholder too long for it).
  await expect(composer(maya.page)).toBeDisabled();
  await expect(composer(maya.page)).toHaveAccessibleDescription("Assigned to Asha Rao — take over to reply");
  await expect(composer(maya.page)).not.toHaveAttribute("placeholder", /.+/);
  await snap(maya.page, "5-manager-thread.png");
  expect(await sidewaysOverflow(maya.page)).toEqual([]);

  for (const c of [asha, maya]) await c.context.close();
});
