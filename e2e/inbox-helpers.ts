import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { customerWrites, postCustomerMessages, uniqueWaId } from "./fixtures/whatsapp";

export { uniqueWaId };

/** A customer writes (through the real, signed webhook) and the conversation gets a unique name. */
export async function customerSays(
  request: APIRequestContext,
  opts: { waId: string; name: string; text: string; to?: "sales" | "support" | "globex" },
) {
  return customerWrites(request, { waId: opts.waId, name: opts.name, text: opts.text, to: opts.to });
}

export const tab = (page: Page, name: "Open" | "Assigned" | "Closed") =>
  page.getByRole("tab", { name: new RegExp(`^${name}`) });

/** The list row of a customer in the visible tab. */
export const row = (page: Page, customer: string) =>
  page.getByRole("tabpanel").getByRole("link").filter({ hasText: customer });

export async function openTab(page: Page, name: "Open" | "Assigned" | "Closed") {
  await tab(page, name).click();
  await expect(tab(page, name)).toHaveAttribute("aria-selected", "true");
}

/** Open a customer's conversation from the visible list. */
export async function openConversation(page: Page, customer: string) {
  await row(page, customer).click();
  await expect(page.getByRole("heading", { level: 2, name: customer })).toBeVisible();
}

export const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });
export const thread = (page: Page) => page.getByRole("list", { name: "Messages" });
export const outbound = (page: Page) => thread(page).locator('li[data-direction="outbound"]');

/** The tab counts as the page shows them. */
export async function counts(page: Page) {
  const read = async (t: string) => Number(await page.getByTestId(`count-${t}`).textContent());
  return { open: await read("open"), assigned: await read("assigned"), closed: await read("closed") };
}

/** The tab's list as the server has it right now, through the page's own session. */
export async function serverList(page: Page, t: "open" | "assigned" | "closed") {
  const res = await page.request.get(`/api/inbox/list?tab=${t}&limit=200`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: { id: string; customerName: string }[] }).items;
}

export async function shownIds(page: Page) {
  return page
    .getByRole("tabpanel")
    .locator("a[data-conversation-id]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-conversation-id")));
}

/** Any Cloud API message object from a customer (location, reaction, image…), through the signed webhook. */
export async function customerSends(
  request: APIRequestContext,
  opts: { waId: string; name: string; message: Record<string, unknown> & { type: string } },
) {
  const id = `wamid.e2e.${opts.message.type}.${Date.now()}.${Math.random().toString(36).slice(2)}`;
  await postCustomerMessages(request, {
    waId: opts.waId,
    name: opts.name,
    messages: [{ id, ...opts.message }],
  });
  return id;
}
