import { expect, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";
import { customerSays, openConversation, row, serverList, uniqueWaId } from "./inbox-helpers";

test("an admin deactivates Ben while his inbox is open: he is cut off, his conversations go to Open for everyone", async ({
  browser,
  request,
}) => {
  const ben = await contextFor(browser, "ben");
  const asha = await contextFor(browser, "asha");
  const adam = await contextFor(browser, "admin");
  const stamp = Date.now();
  const names = [1, 2].map((i) => `Deact ${stamp} #${i}`);
  for (const name of names) {
    await customerSays(request, { waId: uniqueWaId(), name, text: "Hello Ben" });
    await ben.page.goto("/inbox/open");
    await openConversation(ben.page, name);
    await ben.page.getByRole("button", { name: "Pick up" }).click();
    await expect(ben.page.getByTestId("thread-assignee")).toHaveText("Assigned to Ben Okafor");
  }
  await ben.page.goto("/inbox/assigned?mine=1");
  await expect(ben.page.getByText("Live", { exact: true })).toBeVisible();
  await asha.page.goto("/inbox/open");
  for (const name of names) await expect(row(asha.page, name)).toHaveCount(0);

  await adam.page.goto("/settings");
  adam.page.once("dialog", (d) => d.accept());
  await adam.page.getByRole("button", { name: "Deactivate Ben Okafor" }).click();
  await expect(adam.page.getByText("Ben Okafor was deactivated.")).toBeVisible();

  // Ben: the socket is cut and the page leaves for /login at once.
  await ben.page.waitForURL(/\/login/, { timeout: 5000 });
  // His session no longer reads anything, and his next action lands on /login.
  expect((await ben.page.request.get("/api/inbox/list?tab=assigned")).status()).toBe(401);
  await ben.page.goto("/inbox/assigned");
  await expect(ben.page).toHaveURL(/\/login/);

  // Everyone else sees his conversations in Open, live.
  for (const name of names) await expect(row(asha.page, name)).toBeVisible({ timeout: 2000 });
  const open = await serverList(adam.page, "open");
  for (const name of names) expect(open.some((c) => c.customerName === name)).toBe(true);

  // Reactivate (so the demo member keeps working for other tests) — through the same screen.
  await adam.page.getByRole("button", { name: "Reactivate Ben Okafor" }).click();
  await expect(adam.page.getByText("Ben Okafor can sign in again.")).toBeVisible();
  for (const c of [ben, asha, adam]) await c.context.close();
  const again = await contextFor(browser, "ben");
  await expect(again.page).toHaveURL(/\/inbox/);
  await again.context.close();
});

test("an admin can neither deactivate nor promote an owner; the role list stops below admin", async ({
  browser,
}) => {
  const adam = await contextFor(browser, "admin");
  await adam.page.goto("/settings");
  await expect(adam.page.getByRole("button", { name: "Deactivate Olivia Owens" })).toHaveCount(0);
  const options = await adam.page.getByLabel("Role of Asha Rao").locator("option").allTextContents();
  expect(options).toEqual(["Agent", "Manager"]);
  await adam.context.close();
});
