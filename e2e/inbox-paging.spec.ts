import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";
import { postCustomerMessages, uniqueWaId } from "./fixtures/whatsapp";
import { openConversation, thread } from "./inbox-helpers";

const TOTAL = 320;
const BATCH = 80;
const text = (i: number) => `Paging message ${String(i).padStart(3, "0")}`;

/** One signed webhook delivery carrying many messages of one customer, as Meta may batch them. */
function customerWritesMany(request: APIRequestContext, waId: string, name: string, from: number, n: number) {
  return postCustomerMessages(request, {
    waId,
    name,
    messages: Array.from({ length: n }, (_, k) => ({
      id: `wamid.e2e.paging.${waId}.${from + k}`,
      type: "text",
      text: { body: text(from + k) },
    })),
  });
}

/**
 * Big batches are answered once stored and processed right after (lib/whatsapp/receive.ts), so
 * wait until the server has the batch's last message before sending the next: order is kept.
 */
async function waitForLastMessage(page: Page, name: string, last: string) {
  await expect
    .poll(async () => {
      const res = await page.request.get("/api/inbox/list?tab=open&limit=200");
      const items = ((await res.json()) as { items: { customerName: string; preview: string | null }[] })
        .items;
      return items.find((i) => i.customerName === name)?.preview ?? null;
    })
    .toBe(last);
}

test("a long thread shows its newest messages, and the first one after Load earlier messages", async ({
  browser,
  request,
}) => {
  const waId = uniqueWaId();
  const name = `Long Thread ${waId.slice(-5)}`;
  const { context, page } = await contextFor(browser, "asha");
  for (let from = 1; from <= TOTAL; from += BATCH) {
    await customerWritesMany(request, waId, name, from, BATCH);
    await waitForLastMessage(page, name, text(from + BATCH - 1));
  }
  await openConversation(page, name);
  const messages = thread(page);
  // The newest messages are there; the oldest are not yet.
  await expect(messages.getByText(text(TOTAL), { exact: true })).toBeVisible();
  await expect(messages.getByText(text(TOTAL - 299), { exact: true })).toHaveCount(1);
  await expect(messages.getByText(text(TOTAL - 300), { exact: true })).toHaveCount(0);
  await expect(messages.getByText(text(1), { exact: true })).toHaveCount(0);

  const more = page.getByRole("button", { name: "Load earlier messages" });
  await more.click();

  // Everything back to the first message, once each and in order; the place in the thread is kept.
  await expect(messages.getByText(text(1), { exact: true })).toHaveCount(1);
  await expect(page.getByText("Beginning of the conversation")).toBeVisible();
  await expect(more).toHaveCount(0);
  await expect(messages.getByText(text(TOTAL - 299), { exact: true })).toBeInViewport();
  const shown = await messages
    .locator("li[data-message-id]")
    .evaluateAll((els) => els.map((e) => e.textContent ?? ""));
  const bodies = shown.map((t) => t.match(/Paging message \d{3}/)?.[0]);
  expect(bodies).toEqual(Array.from({ length: TOTAL }, (_, i) => text(i + 1)));

  // The live thread keeps going at the bottom, with the history still above.
  await customerWritesMany(request, waId, name, TOTAL + 1, 1);
  await expect(messages.getByText(text(TOTAL + 1), { exact: true })).toBeVisible();
  await expect(messages.getByText(text(1), { exact: true })).toHaveCount(1);
  await expect(messages.locator("li[data-message-id]")).toHaveCount(TOTAL + 1);

  await context.close();
});

test("earlier pages of another business's conversation are not found", async ({ browser, request }) => {
  const waId = uniqueWaId();
  const name = `Paging Private ${waId.slice(-5)}`;
  const asha = await contextFor(browser, "asha");
  await customerWritesMany(request, waId, name, 1, 2);
  await openConversation(asha.page, name);
  const id = await asha.page
    .locator("a[data-conversation-id]")
    .filter({ hasText: name })
    .getAttribute("data-conversation-id");
  const firstMessage = await thread(asha.page)
    .locator("li[data-message-id]")
    .last()
    .getAttribute("data-message-id");
  expect(
    (await asha.page.request.get(`/api/inbox/conversations/${id}/messages?before=${firstMessage}`)).status(),
  ).toBe(200);

  const gina = await contextFor(browser, "gina");
  const res = await gina.page.request.get(`/api/inbox/conversations/${id}/messages?before=${firstMessage}`);
  expect(res.status()).toBe(404);
  expect(await res.text()).not.toContain("Paging message");
  for (const c of [asha, gina]) await c.context.close();
});
