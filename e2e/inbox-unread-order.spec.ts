import { expect, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";
import { customerSays, openConversation, row, shownIds, tab, uniqueWaId } from "./inbox-helpers";

/**
 * T3 (SPEC §1): a customer writing again on an Open conversation keeps it Open and updates its
 * unread count and its place in the list (newest activity first, SPEC §3) — live, on a member's
 * page that was already open. Reading it clears that member's unread mark.
 */
test("a customer writing again moves an Open conversation to the top and marks it unread; opening it clears the mark", async ({
  browser,
  request,
}) => {
  const stamp = Date.now();
  const lower = `Order lower ${stamp}`;
  const upper = `Order upper ${stamp}`;
  const lowerWaId = uniqueWaId();
  await customerSays(request, { waId: lowerWaId, name: lower, text: "First question" });
  await customerSays(request, { waId: uniqueWaId(), name: upper, text: "Something else" });

  const ben = await contextFor(browser, "ben");
  await expect(ben.page.getByText("Live", { exact: true })).toBeVisible();
  const lowerId = await row(ben.page, lower).getAttribute("data-conversation-id");
  const upperId = await row(ben.page, upper).getAttribute("data-conversation-id");
  const position = async (id: string | null) => (await shownIds(ben.page)).indexOf(id);
  // Newest first: the later conversation is above the earlier one.
  expect(await position(upperId)).toBe(0);
  expect(await position(lowerId)).toBe(1);
  // Ben reads both, and stays on the upper one.
  await openConversation(ben.page, lower);
  await expect(row(ben.page, lower)).not.toContainText("unread");
  await openConversation(ben.page, upper);
  await expect(row(ben.page, upper)).not.toContainText("unread");

  await customerSays(request, { waId: lowerWaId, name: lower, text: "Hello again, any news?" });

  // Ben's page moves it to the top without a reload, with its new preview, unread again.
  await expect.poll(() => position(lowerId)).toBe(0);
  expect(await position(upperId)).toBe(1);
  await expect(row(ben.page, lower)).toContainText("Hello again, any news?");
  await expect(row(ben.page, lower)).toContainText("1 unread");
  await expect(row(ben.page, upper)).not.toContainText("unread");
  await expect(tab(ben.page, "Open")).toHaveAttribute("aria-selected", "true");

  // Opening it reads it: the mark goes.
  await openConversation(ben.page, lower);
  await expect(row(ben.page, lower)).not.toContainText("unread");
  // Read is remembered by the server: a fresh page with no conversation open shows it read.
  await ben.page.goto("/inbox/open");
  await expect(row(ben.page, lower)).toBeVisible();
  await expect(row(ben.page, lower)).not.toContainText("unread");
  await ben.context.close();
});
