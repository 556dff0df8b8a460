import { expect, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";
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

test.describe.configure({ mode: "serial" });

test("a conversation's whole life, live on three screens (Asha, Ben, manager)", async ({
  browser,
  request,
}) => {
  const asha = await contextFor(browser, "asha");
  const ben = await contextFor(browser, "ben");
  const maya = await contextFor(browser, "manager");
  const all = [asha.page, ben.page, maya.page];
  for (const p of all) await expect(tab(p, "Open")).toHaveAttribute("aria-selected", "true");
  for (const p of all) await expect(p.getByText("Live", { exact: true })).toBeVisible();

  const name = `Lifecycle ${Date.now()}`;
  const waId = uniqueWaId();
  await customerSays(request, { waId, name, text: "Hello, is anyone there?" });

  // Appears in all three Open tabs without reload.
  for (const p of all) await expect(row(p, name)).toBeVisible({ timeout: 3000 });

  // Asha replies → Assigned (Asha) on all three; exactly one outbound message.
  await openConversation(asha.page, name);
  await composer(asha.page).fill("Hi! Asha here, how can I help?");
  await composer(asha.page).press("Enter");
  await expect(composer(asha.page)).toHaveValue("");
  await expect(outbound(asha.page)).toHaveCount(1);
  await expect(asha.page.getByTestId("thread-assignee")).toHaveText("Assigned to Asha Rao");
  for (const p of all) await expect(row(p, name)).toBeHidden({ timeout: 3000 });
  for (const p of all) {
    await openTab(p, "Assigned");
    await expect(row(p, name)).toContainText("Asha Rao");
  }
  await openConversation(asha.page, name);
  await expect(outbound(asha.page)).toHaveCount(1);

  // Ben's composer is disabled, with the reason.
  await openConversation(ben.page, name);
  await expect(composer(ben.page)).toBeDisabled();
  await expect(ben.page.getByText("Assigned to Asha Rao — take over to reply").first()).toBeVisible();
  await expect(outbound(ben.page)).toHaveCount(1);

  // The manager reassigns to Ben → Ben can reply and Asha cannot, live.
  await openConversation(maya.page, name);
  await maya.page.getByRole("button", { name: "Reassign" }).click();
  await maya.page
    .getByRole("dialog", { name: "Reassign to" })
    .getByRole("button", { name: /Ben Okafor/ })
    .click();
  await expect(maya.page.getByTestId("thread-assignee")).toHaveText("Assigned to Ben Okafor");
  await expect(composer(ben.page)).toBeEnabled({ timeout: 3000 });
  await expect(composer(asha.page)).toBeDisabled({ timeout: 3000 });
  await expect(asha.page.getByText("Assigned to Ben Okafor — take over to reply").first()).toBeVisible();
  await expect(
    thread(asha.page).getByText("Maya Patel reassigned from Asha Rao to Ben Okafor"),
  ).toBeVisible();
  await composer(ben.page).fill("Ben here, I'll take it from now.");
  await ben.page.getByRole("button", { name: "Send" }).click();
  await openConversation(asha.page, name);
  await openConversation(maya.page, name);
  for (const p of all) await expect(outbound(p)).toHaveCount(2, { timeout: 3000 });

  // Ben resolves → Closed on all three.
  await ben.page.getByRole("button", { name: "Mark as resolved" }).click();
  for (const p of all) await expect(row(p, name)).toBeHidden({ timeout: 3000 });
  for (const p of all) {
    await openTab(p, "Closed");
    await expect(row(p, name)).toContainText("Resolved by Ben Okafor");
  }
  await openConversation(asha.page, name);
  await expect(composer(asha.page)).toBeDisabled();
  await expect(
    asha.page.getByText("This conversation is closed — it reopens when the customer writes").first(),
  ).toBeVisible();

  // The customer writes again → Open, unassigned, history kept.
  await customerSays(request, { waId, name, text: "One more question!" });
  for (const p of all) await expect(row(p, name)).toBeHidden({ timeout: 3000 });
  for (const p of all) {
    await openTab(p, "Open");
    await expect(row(p, name)).toBeVisible();
    await expect(row(p, name)).not.toContainText("Asha Rao");
    await expect(row(p, name)).not.toContainText("Ben Okafor");
  }
  await openConversation(asha.page, name);
  await expect(thread(asha.page).getByText("Hello, is anyone there?")).toBeVisible();
  await expect(thread(asha.page).getByText("One more question!")).toBeVisible();
  await expect(outbound(asha.page)).toHaveCount(2);
  await expect(thread(asha.page).getByText(/Reopened/)).toBeVisible();
  await expect(composer(asha.page)).toBeEnabled();

  for (const c of [asha, ben, maya]) await c.context.close();
});
