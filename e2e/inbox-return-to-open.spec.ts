import { expect, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";
import { settledCounts } from "./fixtures/conversations";
import {
  composer,
  counts,
  customerSays,
  openConversation,
  openTab,
  row,
  thread,
  uniqueWaId,
} from "./inbox-helpers";

/**
 * T14 (SPEC §1): the assignee clicks **Return to Open** and the conversation is Open and
 * unassigned again — it leaves the Assigned tab and joins the Open tab on another member's page
 * without a reload, and the tab counts follow.
 */
test("Return to Open moves the assignee's conversation back to Open, live on another member's page", async ({
  browser,
  request,
}) => {
  const name = `Return ${Date.now()}`;
  await customerSays(request, { waId: uniqueWaId(), name, text: "Can someone look at this?" });
  const asha = await contextFor(browser, "asha");
  const ben = await contextFor(browser, "ben");

  await openConversation(asha.page, name);
  await asha.page.getByRole("button", { name: "Pick up" }).click();
  await expect(asha.page.getByTestId("thread-assignee")).toHaveText("Assigned to Asha Rao");

  // Ben watches the Assigned tab, where it is now Asha's.
  await openTab(ben.page, "Assigned");
  await expect(row(ben.page, name).getByTestId("row-assignee")).toContainText("Asha Rao");
  const before = await settledCounts(ben.page);
  expect(before.assigned).toBeGreaterThan(0);

  await asha.page.getByRole("button", { name: "Return to Open" }).click();

  // Asha's own thread: Open, unassigned, with the timeline line; she may pick it up again.
  await expect(asha.page.getByTestId("thread-assignee")).toHaveCount(0);
  await expect(asha.page.getByRole("button", { name: "Pick up" })).toBeVisible();
  await expect(
    thread(asha.page).getByTestId("timeline-event").filter({ hasText: "Asha Rao returned this to Open" }),
  ).toBeVisible();
  await expect(composer(asha.page)).toBeEnabled();

  // Ben's page, untouched: gone from Assigned, counts moved by one, and it is in Open unassigned.
  await expect(row(ben.page, name)).toHaveCount(0);
  await expect
    .poll(() => counts(ben.page))
    .toEqual({ open: before.open + 1, assigned: before.assigned - 1, closed: before.closed });
  await openTab(ben.page, "Open");
  await expect(row(ben.page, name)).toBeVisible();
  // Unassigned: no assignee on the row (Asha still shows there, but only as viewing it).
  await expect(row(ben.page, name).getByTestId("row-assignee")).toHaveCount(0);
  await expect(row(ben.page, name)).toContainText("Viewing: Asha Rao");
  await openConversation(ben.page, name);
  await expect(ben.page.getByRole("button", { name: "Pick up" })).toBeVisible();
  await expect(composer(ben.page)).toBeEnabled();

  for (const c of [asha, ben]) await c.context.close();
});
