import { expect, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";
import { screenshotPath } from "./fixtures/screenshots";
import { customerSays, openConversation, uniqueWaId } from "./inbox-helpers";

// Takes the dashboard and review screenshots at 1440 px, into test-results/screenshots/:
//   SCREENSHOTS=1 npx playwright test e2e/dashboard-screenshots.spec.ts
// and refreshes the tracked docs/screenshots/ only when asked:
//   SCREENSHOTS=1 SCREENSHOTS_TO_DOCS=1 npx playwright test e2e/dashboard-screenshots.spec.ts
test.skip(
  !process.env.SCREENSHOTS && process.env.SCREENSHOTS_TO_DOCS !== "1",
  "set SCREENSHOTS=1 to take the dashboard screenshots",
);

const CUSTOMERS = [
  ["Helena Vogt", "Hi! My order #4821 hasn't arrived yet, can you check?"],
  ["Rafael Ortiz", "Can I change the delivery address for tomorrow?"],
  ["Mei Lin Tan", "The invoice shows the wrong VAT number"],
  ["Jonas Berg", "Do you ship to Norway?"],
  ["Zara Ahmed", "I'd like a refund for the blue jacket"],
  ["Idris Bello", "Is the store open on Sunday?"],
] as const;

test("screenshots of the dashboard and the closed review", async ({ browser, request }) => {
  test.setTimeout(180_000);
  const asha = await contextFor(browser, "asha");
  const ben = await contextFor(browser, "ben");
  for (const [i, [name, text]] of CUSTOMERS.entries()) {
    await customerSays(request, { waId: uniqueWaId(), name, text, to: i % 2 ? "support" : "sales" });
    if (i >= 5) continue;
    const who = i % 2 ? ben : asha;
    await who.page.goto("/inbox/open");
    await openConversation(who.page, name);
    await who.page.getByRole("button", { name: "Pick up" }).click();
    await expect(who.page.getByTestId("thread-assignee")).toBeVisible();
    if (i < 2) {
      await who.page
        .getByRole("textbox", { name: "Message" })
        .fill("Thanks for writing — looking into it now.");
      await who.page.getByRole("button", { name: "Send" }).click();
      await who.page.getByRole("button", { name: "Mark as resolved" }).click();
    }
  }
  const maya = await contextFor(browser, "manager");
  await maya.page.setViewportSize({ width: 1440, height: 1200 });
  await maya.page.goto("/dashboard");
  await expect(maya.page.getByText("Live", { exact: true })).toBeVisible();
  await maya.page.getByRole("checkbox").nth(1).check();
  await maya.page.screenshot({ path: screenshotPath("dashboard.png"), fullPage: true });
  await maya.page.goto("/review");
  await expect(maya.page.getByRole("heading", { name: "Closed review" })).toBeVisible();
  await maya.page.screenshot({ path: screenshotPath("review.png"), fullPage: true });
  await maya.page.goto("/review?q=order");
  await maya.page.getByRole("link", { name: "Helena Vogt" }).first().click();
  await expect(maya.page.getByRole("list", { name: "Transcript" })).toBeVisible();
  await maya.page.screenshot({ path: screenshotPath("review-transcript.png"), fullPage: true });
  for (const c of [asha, ben, maya]) await c.context.close();
});
