import { type Browser, expect, type Page, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";
import { serverThread } from "./fixtures/conversations";
import { customerWrites, uniqueWaId } from "./fixtures/whatsapp";
import { composer, openConversation, openTab, row, thread } from "./inbox-helpers";

/**
 * T10 (SPEC §1) by the real server: an Assigned conversation whose customer stays silent for the
 * business's auto-close period is closed by the server's own sweep (AUTO_CLOSE_SWEEP_SECONDS=5 in
 * playwright.config.ts) with reason inactivity, and open pages see it move to Closed without a
 * reload. It runs on Globex, the second demo business, with 1 minute — the smallest period
 * Settings allows — so Demo Co's conversations in other specs are never in reach; the period
 * goes back to the default afterwards whatever happens.
 */

async function setAutoClose(page: Page, period: { minutes: number } | "default") {
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Auto-close period" });
  if (period === "default") {
    const reset = form.getByRole("button", { name: "Use default" });
    // Already on the default: nothing to restore.
    if ((await reset.count()) === 0) return;
    await reset.click();
    await expect(form.getByText("(using the default)")).toBeVisible();
    return;
  }
  await form.getByLabel("Auto-close after silence").fill(String(period.minutes));
  await form.getByLabel("Unit").selectOption("minutes");
  await form.getByRole("button", { name: "Save period" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Auto-close period saved." })).toBeVisible();
  await expect(form.getByText("(using the default)")).toHaveCount(0);
}

async function restoreDefault(browser: Browser) {
  const owner = await contextFor(browser, "globexOwner");
  await setAutoClose(owner.page, "default");
  await owner.context.close();
}

test("the server closes a silent Assigned conversation for inactivity after the business's period, live on open pages", async ({
  browser,
  request,
}) => {
  test.setTimeout(150_000);
  const owner = await contextFor(browser, "globexOwner");
  const gina = await contextFor(browser, "gina");
  try {
    await setAutoClose(owner.page, { minutes: 1 });

    const name = `Silent customer ${Date.now()}`;
    await customerWrites(request, { to: "globex", waId: uniqueWaId(), name, text: "Hello? Anyone?" });
    await openConversation(gina.page, name);
    const id = await row(gina.page, name).getAttribute("data-conversation-id");
    await gina.page.getByRole("button", { name: "Pick up" }).click();
    await expect(gina.page.getByTestId("thread-assignee")).toHaveText("Assigned to Gina Li");
    // The countdown shows the business's period, not the 48-hour default.
    await expect(gina.page.getByTestId("auto-close")).toContainText(
      /Closes for inactivity in (1m|under a minute)/,
    );

    // The owner watches the Closed tab; Gina keeps the conversation open. Neither page reloads.
    await owner.page.goto("/inbox/closed");
    await expect(row(owner.page, name)).toHaveCount(0);
    await expect(row(owner.page, name)).toContainText("Closed for inactivity", { timeout: 120_000 });
    await expect(
      gina.page.getByRole("region", { name: "Conversation" }).getByText("Closed", { exact: true }),
    ).toBeVisible();
    await expect(gina.page.getByTestId("thread-assignee")).toHaveCount(0);
    await expect(
      thread(gina.page).getByTestId("timeline-event").filter({ hasText: "Closed for inactivity" }),
    ).toHaveCount(1);
    await expect(gina.page.getByTestId("composer-reason")).toHaveText(
      "This conversation is closed — it reopens when the customer writes",
    );
    await expect(composer(gina.page)).toBeDisabled();
    await openTab(gina.page, "Closed");
    await expect(row(gina.page, name)).toContainText("Closed for inactivity");

    // By the system, for inactivity, and not before the period had run out.
    const t = await serverThread(gina.page, id!);
    expect(t.conversation).toMatchObject({ state: "closed", closedReason: "inactivity", assigneeId: null });
    // The silence clock starts at the later of the pick-up and the customer's last message.
    const pickedUp = t.events.find((e) => e.kind === "picked_up");
    const closed = t.events.filter((e) => e.kind === "closed_inactivity");
    expect(closed).toEqual([expect.objectContaining({ actorName: null })]);
    const clockStart = Math.max(
      Date.parse(pickedUp?.at ?? ""),
      Date.parse(t.conversation.lastCustomerMessageAt ?? ""),
    );
    expect(Date.parse(closed[0].at) - clockStart).toBeGreaterThanOrEqual(60_000);
  } finally {
    await owner.context.close();
    await gina.context.close();
    // Later specs must find Globex on the default period again.
    await restoreDefault(browser);
  }
});
