import { expect, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";
import { signedInAs, throwawayMember } from "./fixtures/members";
import { customerSays, openConversation, row, serverList, uniqueWaId } from "./inbox-helpers";

test("an admin deactivates an agent while their inbox is open: they are cut off, their conversations go to Open for everyone; reactivated, they sign in again", async ({
  browser,
  request,
}) => {
  // A throwaway agent: deactivating a shared demo member would break every later spec if this
  // one failed before reactivating them.
  const leaver = await throwawayMember(request, "leaver");
  const agent = await signedInAs(browser, leaver.email);
  const asha = await contextFor(browser, "asha");
  const adam = await contextFor(browser, "admin");
  const stamp = Date.now();
  const names = [1, 2].map((i) => `Deact ${stamp} #${i}`);
  for (const name of names) {
    await customerSays(request, { waId: uniqueWaId(), name, text: "Hello there" });
    await agent.page.goto("/inbox/open");
    await openConversation(agent.page, name);
    await agent.page.getByRole("button", { name: "Pick up" }).click();
    await expect(agent.page.getByTestId("thread-assignee")).toHaveText(`Assigned to ${leaver.name}`);
  }
  await agent.page.goto("/inbox/assigned?mine=1");
  await expect(agent.page.getByText("Live", { exact: true })).toBeVisible();
  // Asha's Open list is loaded (it shows a conversation written after the picked-up ones), and
  // the picked-up ones are not in it.
  const later = `Deact ${stamp} later`;
  await customerSays(request, { waId: uniqueWaId(), name: later, text: "Anyone?" });
  await asha.page.goto("/inbox/open");
  await expect(row(asha.page, later)).toBeVisible();
  for (const name of names) await expect(row(asha.page, name)).toHaveCount(0);

  await adam.page.goto("/settings");
  adam.page.once("dialog", (d) => d.accept());
  await adam.page.getByRole("button", { name: `Deactivate ${leaver.name}` }).click();
  await expect(adam.page.getByText(`${leaver.name} was deactivated.`)).toBeVisible();

  // The agent: the socket is cut and the page leaves for /login without any action of theirs.
  await agent.page.waitForURL(/\/login/, { timeout: 5000 });
  // The session no longer reads anything, and the next action lands on /login.
  expect((await agent.page.request.get("/api/inbox/list?tab=assigned")).status()).toBe(401);
  await agent.page.goto("/inbox/assigned");
  await expect(agent.page).toHaveURL(/\/login/);

  // Everyone else sees the conversations in Open, live.
  for (const name of names) await expect(row(asha.page, name)).toBeVisible();
  const open = await serverList(adam.page, "open");
  for (const name of names) expect(open.some((c) => c.customerName === name)).toBe(true);

  // Reactivate through the same screen: the member signs in again.
  await adam.page.getByRole("button", { name: `Reactivate ${leaver.name}` }).click();
  await expect(adam.page.getByText(`${leaver.name} can sign in again.`)).toBeVisible();
  for (const c of [agent, asha, adam]) await c.context.close();
  const again = await signedInAs(browser, leaver.email);
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
