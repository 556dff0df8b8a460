import { expect, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";
import { openSimulator, simulatorCustomerWrites } from "./fixtures/simulator";
import { uniqueWaId } from "./fixtures/whatsapp";

/**
 * The round trip through the WhatsApp simulator: a customer writes in /simulator (a signed POST to
 * the real webhook route), Asha sees it live in /inbox and replies, the simulator shows the reply,
 * and the delivered/read receipts it sends back by webhook reach Asha's page.
 */
test("a simulated customer and Asha exchange messages with receipts", async ({ browser }) => {
  const waId = uniqueWaId();
  const name = `Sim Customer ${waId.slice(-5)}`;
  const hello = `Hello from the simulator ${waId.slice(-4)}`;
  const answer = `Hi ${name}, Asha here`;

  const agent = await contextFor(browser, "asha");
  await agent.page.goto("/inbox/open");

  const { context: customerContext, chat } = await simulatorCustomerWrites(browser, {
    name,
    waId,
    text: hello,
  });

  // Asha sees the new conversation arrive in Open, without reloading.
  const page = agent.page;
  await page.getByRole("tab", { name: /^Open/ }).click();
  const rowLink = page.getByRole("tabpanel").getByRole("link").filter({ hasText: name });
  await expect(rowLink).toBeVisible();
  await rowLink.click();
  const thread = page.getByRole("list", { name: "Messages" });
  await expect(thread.getByText(hello)).toBeVisible();
  await page.getByRole("textbox", { name: "Message" }).fill(answer);
  await page.getByRole("button", { name: "Send", exact: true }).click();

  // The customer's phone shows the reply, then marks it read by the chat being open.
  const reply = chat.getByRole("listitem").filter({ hasText: answer });
  await expect(reply).toBeVisible();
  await expect(reply.getByTestId("receipt")).toHaveText("Read");

  // The receipts came back through the webhook: Asha's page shows Read on her message.
  const mine = thread.getByRole("listitem").filter({ hasText: answer });
  await expect(mine.getByText("Read", { exact: true })).toBeVisible({ timeout: 15_000 });

  await customerContext.close();
  await agent.context.close();
});

test("the simulator refuses malformed input with 400", async ({ browser }) => {
  const { context, page } = await contextFor(browser, "admin");
  const res = await page.request.post("/api/simulator/send", {
    data: { phoneNumberId: "100000000000001", waId: "x", name: "" },
  });
  expect(res.status()).toBe(400);
  await context.close();
});

test("the simulator is closed to anonymous visitors: the page asks to sign in, every route answers 401", async ({
  page,
  request,
}) => {
  await page.goto("/simulator");
  await expect(page).toHaveURL(/\/login/);
  const chat = "phoneNumberId=100000000000001&waId=15550001234";
  const answers = [
    await request.get(`/api/simulator/thread?${chat}`),
    await request.get(`/api/simulator/phone?${chat}`),
    await request.get("/api/simulator/media/sim0123456789abcdef0123"),
    await request.post("/api/simulator/send", {
      data: { phoneNumberId: "100000000000001", waId: "15550001234", name: "Mallory", text: "hi" },
    }),
    await request.post("/api/simulator/read", {
      data: { phoneNumberId: "100000000000001", waId: "15550001234" },
    }),
    await request.post("/api/simulator/phone", {
      data: { phoneNumberId: "100000000000001", waId: "15550001234", unreachable: true },
    }),
  ];
  expect(answers.map((r) => r.status())).toEqual([401, 401, 401, 401, 401, 401]);
});

test("a Globex member plays only Globex's number: Demo Co's numbers are neither offered nor reachable", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const phone = await context.newPage();
  await openSimulator(phone, "gina");
  const options = await phone.getByLabel("Business number").locator("option").allTextContents();
  expect(options).toEqual([expect.stringContaining("Globex")]);
  const res = await phone.request.post("/api/simulator/send", {
    data: { phoneNumberId: "100000000000001", waId: "15550001234", name: "Mallory", text: "hi" },
  });
  expect(res.status()).toBe(404);
  await context.close();
});
