import { expect, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";
import { simulatorCustomerWrites } from "./fixtures/simulator";
import { uniqueWaId } from "./fixtures/whatsapp";
import { composer, openConversation, openTab, thread } from "./inbox-helpers";

/**
 * A reply that WhatsApp cannot deliver, and its Retry. The simulated customer's phone is switched
 * to "Phone unreachable" in /simulator, so the simulator answers the agent's reply as Meta does
 * for an undeliverable message (error 131026): the message shows Failed with the reason and a
 * Retry button. With the phone back, Retry sends it and it is delivered.
 */
test("a reply to an unreachable phone fails with the reason, and Retry sends it once the phone is back", async ({
  browser,
}) => {
  const waId = uniqueWaId();
  const name = `Offline Customer ${waId.slice(-5)}`;
  const hello = `Is my order shipped? ${waId.slice(-4)}`;
  const answer = `Yes, it left this morning ${waId.slice(-4)}`;

  // The customer writes from the simulator.
  const {
    context: customerContext,
    phone,
    chat,
  } = await simulatorCustomerWrites(browser, { name, waId, text: hello });

  // Then the phone goes unreachable.
  const unreachable = phone.getByRole("checkbox", { name: "Phone unreachable" });
  await expect(unreachable).not.toBeChecked();
  await unreachable.check();
  await expect(unreachable).toBeChecked();

  // Asha replies.
  const { context, page } = await contextFor(browser, "asha");
  await page.goto("/inbox/open");
  await openTab(page, "Open");
  await openConversation(page, name);
  await expect(thread(page).getByText(hello)).toBeVisible();
  await composer(page).fill(answer);
  await page.getByRole("button", { name: "Send", exact: true }).click();

  // WhatsApp could not deliver it: Failed, the reason beside it, and Retry.
  const mine = thread(page).getByRole("listitem").filter({ hasText: answer });
  await expect(mine.getByTestId("delivery")).toHaveText("Failed");
  await expect(mine.getByTestId("failure-reason")).toContainText("Message undeliverable");
  await expect(mine.getByTestId("failure-reason")).toContainText("131026");
  const retry = mine.getByRole("button", { name: "Retry" });
  await expect(retry).toBeVisible();
  // The simulator shows the same: WhatsApp could not deliver it to the phone.
  await expect(chat.getByRole("listitem").filter({ hasText: answer }).getByTestId("receipt")).toHaveText(
    "Failed",
  );

  // The phone is back; Retry sends the same message again and it gets through.
  await unreachable.uncheck();
  await expect(unreachable).not.toBeChecked();
  await retry.click();
  await expect(mine.getByTestId("delivery")).toHaveText(/^(Sent|Delivered|Read)$/);
  await expect(mine.getByTestId("failure-reason")).toHaveCount(0);
  await expect(mine.getByRole("button", { name: "Retry" })).toHaveCount(0);
  // The simulator shows it arrived and, with the chat open, read — and Asha sees that too.
  await expect(chat.getByRole("listitem").filter({ hasText: answer }).getByTestId("receipt")).toHaveText(
    "Read",
  );
  await expect(mine.getByTestId("delivery")).toHaveText("Read", { timeout: 15_000 });
  // Still one message, not two.
  await expect(thread(page).getByRole("listitem").filter({ hasText: answer })).toHaveCount(1);

  await customerContext.close();
  await context.close();
});

test("the simulator's phone switch refuses malformed input", async ({ browser }) => {
  const { context, page } = await contextFor(browser, "admin");
  const request = page.request;
  expect(
    (
      await request.post("/api/simulator/phone", {
        data: { phoneNumberId: "100000000000001", waId: "x", unreachable: true },
      })
    ).status(),
  ).toBe(400);
  expect((await request.get("/api/simulator/phone?phoneNumberId=100000000000001&waId=abc")).status()).toBe(
    400,
  );
  await context.close();
});
