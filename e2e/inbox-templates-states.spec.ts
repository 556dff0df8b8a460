import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { contextFor, signIn, USERS } from "./fixtures/auth";
import { customerPhone, customerWroteLongAgo } from "./fixtures/conversations";
import { uniqueWaId } from "./fixtures/whatsapp";
import { composer, openConversation, openTab, outbound, row, thread } from "./inbox-helpers";

/**
 * Templates on Assigned and Closed conversations (SPEC §1, "The WhatsApp 24-hour window"): a
 * template counts as a reply — only the assignee sends one on an Assigned conversation (it stays
 * theirs), and none is sent on a Closed one (it stays Closed, and the customer receives nothing).
 * The e2e server has no WHATSAPP_ACCESS_TOKEN, so what the customer receives is what the built-in
 * simulator recorded for their phone.
 */

/**
 * Let a page's live channel go quiet from now on: the socket stays connected but the page hears
 * nothing, as when an event is still on its way. Installed before the page opens its socket.
 */
async function muteableLiveChannel(context: BrowserContext) {
  let muted = false;
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((m) => {
      if (!muted) ws.send(m);
    });
  });
  return {
    mute: () => {
      muted = true;
    },
  };
}

const templateButton = (page: Page) => page.getByRole("button", { name: "Send template" });

async function chooseOrderUpdate(page: Page, customer: string, order: string) {
  await page.getByLabel("Template").selectOption({ label: "order_update (en_US)" });
  await page.getByLabel("Value 1").fill(customer);
  await page.getByLabel("Value 2").fill(order);
}

test("a template on an Assigned conversation is the assignee's to send, and it stays theirs; a Closed one sends none", async ({
  browser,
  request,
}) => {
  const name = `Template states ${Date.now()}`;
  const waId = uniqueWaId();
  await customerWroteLongAgo(request, { waId, name, text: "Where is my parcel?", hoursAgo: 30 });

  const ashaContext = await browser.newContext();
  const live = await muteableLiveChannel(ashaContext);
  const asha = { context: ashaContext, page: await ashaContext.newPage() };
  await signIn(asha.page, USERS.asha);
  const ben = await contextFor(browser, "ben");
  const maya = await contextFor(browser, "manager");

  // Asha picks it up (no message is sent): Assigned to her, window closed, the template form shows.
  await openConversation(asha.page, name);
  await asha.page.getByRole("button", { name: "Pick up" }).click();
  await expect(asha.page.getByTestId("thread-assignee")).toHaveText("Assigned to Asha Rao");
  await expect(asha.page.getByTestId("window")).toContainText("24-hour window is closed");
  await expect(outbound(asha.page)).toHaveCount(0);

  // Ben is not the assignee: no template form for him, the composer says why.
  await openTab(ben.page, "Assigned");
  await openConversation(ben.page, name);
  await expect(composer(ben.page)).toBeDisabled();
  await expect(ben.page.getByTestId("composer-reason")).toHaveText(
    "Assigned to Asha Rao — take over to reply",
  );
  await expect(templateButton(ben.page)).toHaveCount(0);

  // Asha sends one on her Assigned conversation: it goes out and the conversation stays hers.
  await chooseOrderUpdate(asha.page, "Sam", "#3001");
  await templateButton(asha.page).click();
  await expect(outbound(asha.page)).toHaveCount(1);
  await expect(outbound(asha.page)).toContainText("Hi Sam, your order #3001 has shipped.");
  await expect(outbound(asha.page).getByTestId("delivery")).toHaveText(/^(Sent|Delivered|Read)$/);
  await expect(asha.page.getByTestId("thread-assignee")).toHaveText("Assigned to Asha Rao");
  await expect(outbound(ben.page)).toHaveCount(1);
  await expect(ben.page.getByTestId("thread-assignee")).toHaveText("Assigned to Asha Rao");
  await expect
    .poll(async () => (await customerPhone(asha.page, { waId })).filter((m) => m.direction === "outbound"))
    .toEqual([expect.objectContaining({ type: "template", body: expect.stringContaining("#3001") })]);

  // Asha's page stops hearing live events; meanwhile the manager resolves the conversation.
  await chooseOrderUpdate(asha.page, "Sam", "#3002");
  live.mute();
  await openTab(maya.page, "Assigned");
  await openConversation(maya.page, name);
  await maya.page.getByRole("button", { name: "Mark as resolved" }).click();
  await openTab(maya.page, "Closed");
  await expect(row(maya.page, name)).toContainText("Resolved by Maya Patel");
  // Ben's page, still live, offers no template on the Closed conversation.
  await openTab(ben.page, "Closed");
  await openConversation(ben.page, name);
  await expect(ben.page.getByTestId("composer-reason")).toHaveText(
    "This conversation is closed — it reopens when the customer writes",
  );
  await expect(templateButton(ben.page)).toHaveCount(0);

  // Asha's page has not heard and still offers the template: the server refuses to send it.
  await expect(asha.page.getByTestId("thread-assignee")).toHaveText("Assigned to Asha Rao");
  await templateButton(asha.page).click();
  await expect(asha.page.getByRole("alert", { name: "Message not sent" })).toContainText(
    "Maya Patel resolved this a moment ago. It reopens when the customer writes.",
  );
  // Her page now shows the truth: Closed, no second message, nothing to send.
  await expect(asha.page.getByTestId("composer-reason")).toHaveText(
    "This conversation is closed — it reopens when the customer writes",
  );
  await expect(outbound(asha.page)).toHaveCount(1);
  await expect(thread(asha.page).getByText("#3002")).toHaveCount(0);

  // It stayed Closed and unassigned — not reopened, not picked up — and the customer got one message.
  await openConversation(maya.page, name);
  await expect(maya.page.getByTestId("thread-assignee")).toHaveCount(0);
  await expect(outbound(maya.page)).toHaveCount(1);
  await expect(row(maya.page, name)).toContainText("Resolved by Maya Patel");
  const phone = await customerPhone(maya.page, { waId });
  expect(phone.filter((m) => m.direction === "outbound").map((m) => m.body)).toEqual([
    expect.stringContaining("#3001"),
  ]);

  for (const c of [asha, ben, maya]) await c.context.close();
});
