import { expect, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";
import { DEMO, sign } from "./fixtures/whatsapp";
import {
  composer,
  customerSays,
  customerSends,
  openConversation,
  outbound,
  row,
  thread,
  uniqueWaId,
} from "./inbox-helpers";

test("HTML, script tags, RTL text and emoji render as text; links are clickable", async ({
  browser,
  request,
}) => {
  const asha = await contextFor(browser, "asha");
  const name = `<img src=x onerror="window.__xss=1"> Ｘ ${Date.now()}`;
  const text = `<script>window.__xss=2</script><b>bold?</b> مرحبا بالعالم 👋🏽 see https://example.com/help.`;
  await customerSays(request, { waId: uniqueWaId(), name, text });
  await expect(row(asha.page, name)).toBeVisible();
  await openConversation(asha.page, name);
  const msg = thread(asha.page).locator('li[data-direction="inbound"]').last();
  await expect(msg).toContainText("<script>window.__xss=2</script><b>bold?</b>");
  await expect(msg).toContainText("مرحبا بالعالم 👋🏽");
  await expect(msg.locator("script, b, img")).toHaveCount(0);
  const link = msg.getByRole("link", { name: "https://example.com/help" });
  await expect(link).toHaveAttribute("href", "https://example.com/help");
  await expect(link).toHaveAttribute("rel", /noopener/);
  expect(await asha.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  // A member's reply with markup is text too; Shift+Enter makes a new line, Enter sends.
  await composer(asha.page).fill("<i>not italic</i>");
  await composer(asha.page).press("Shift+Enter");
  await composer(asha.page).pressSequentially("שלום 🙂");
  await expect(composer(asha.page)).toHaveValue("<i>not italic</i>\nשלום 🙂");
  await composer(asha.page).press("Enter");
  await expect(outbound(asha.page)).toHaveCount(1);
  await expect(outbound(asha.page)).toContainText("<i>not italic</i>");
  await expect(outbound(asha.page).locator("i")).toHaveCount(0);
  await expect(outbound(asha.page).getByTestId("delivery")).toHaveText(/Sending|Sent|Delivered|Read/);
  await asha.context.close();
});

test("keyboard: j/k move, r replies, ? lists the shortcuts, e resolves; deep links and Back work", async ({
  browser,
  request,
}) => {
  const maya = await contextFor(browser, "manager");
  const first = `Keys A ${Date.now()}`;
  const second = `Keys B ${Date.now()}`;
  await customerSays(request, { waId: uniqueWaId(), name: first, text: "one" });
  await customerSays(request, { waId: uniqueWaId(), name: second, text: "two" });
  await expect(row(maya.page, first)).toBeVisible();
  await maya.page.locator("body").click({ position: { x: 5, y: 5 } });
  await maya.page.keyboard.press("j");
  await expect(maya.page.getByRole("heading", { level: 2, name: second })).toBeVisible();
  await maya.page.keyboard.press("j");
  await expect(maya.page.getByRole("heading", { level: 2, name: first })).toBeVisible();
  await maya.page.keyboard.press("k");
  await expect(maya.page.getByRole("heading", { level: 2, name: second })).toBeVisible();
  const url = maya.page.url();
  expect(url).toMatch(/\/inbox\/open\?c=/);

  await maya.page.keyboard.press("?");
  await expect(maya.page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await maya.page.keyboard.press("Escape");
  await expect(maya.page.getByRole("dialog", { name: "Keyboard shortcuts" })).toHaveCount(0);

  await maya.page.keyboard.press("r");
  await expect(composer(maya.page)).toBeFocused();
  await composer(maya.page).press("Escape");
  await maya.page.keyboard.press("e");
  await expect(row(maya.page, second)).toHaveCount(0);

  // Back goes to the previous conversation; a deep link opens the same view after reload.
  await maya.page.goBack();
  await expect(maya.page.getByRole("heading", { level: 2, name: first })).toBeVisible();
  await maya.page.goto(url);
  await expect(maya.page.getByRole("heading", { level: 2, name: second })).toBeVisible();
  await expect(maya.page.getByText(/Maya Patel marked this as resolved/)).toBeVisible();
  await maya.context.close();
});

test("outside the 24-hour window only a template can be sent, and it picks the conversation up", async ({
  browser,
  request,
}) => {
  const asha = await contextFor(browser, "asha");
  const name = `Window ${Date.now()}`;
  const waId = uniqueWaId();
  // A message Meta timestamps 25 hours ago (delivered late): the window is already closed.
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "900000000000001",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: {
                display_phone_number: DEMO.support.display,
                phone_number_id: DEMO.support.phoneNumberId,
              },
              contacts: [{ profile: { name }, wa_id: waId }],
              messages: [
                {
                  from: waId,
                  id: `wamid.e2e.window.${Date.now()}`,
                  timestamp: String(Math.floor(Date.now() / 1000) - 25 * 3600),
                  type: "text",
                  text: { body: "Are you still there?" },
                },
              ],
            },
          },
        ],
      },
    ],
  });
  const res = await request.post("/api/webhooks/whatsapp", {
    data: body,
    headers: { "content-type": "application/json", "x-hub-signature-256": sign(body) },
  });
  expect(res.status()).toBe(200);
  await openConversation(asha.page, name);
  await expect(asha.page.getByTestId("window")).toContainText("24-hour window is closed");
  await expect(composer(asha.page)).toHaveCount(0);
  await asha.page.getByLabel("Template").selectOption({ label: "order_update (en_US)" });
  await asha.page.getByLabel("Value 1").fill("Sam");
  await asha.page.getByLabel("Value 2").fill("#2001");
  await asha.page.getByRole("button", { name: "Send template" }).click();
  await expect(outbound(asha.page)).toHaveCount(1);
  await expect(outbound(asha.page)).toContainText("Hi Sam, your order #2001 has shipped.");
  await expect(asha.page.getByTestId("thread-assignee")).toHaveText("Assigned to Asha Rao");
  await asha.context.close();
});

test("images, documents, locations and reactions render as what they are", async ({ browser, request }) => {
  const asha = await contextFor(browser, "asha");
  const name = `Media ${Date.now()}`;
  const waId = uniqueWaId();
  const first = await customerSays(request, { waId, name, text: "Here are the details" });
  await customerSends(request, {
    waId,
    name,
    message: {
      type: "image",
      image: { id: "media-img-1", mime_type: "image/jpeg", caption: "The damaged box" },
    },
  });
  await customerSends(request, {
    waId,
    name,
    message: {
      type: "document",
      document: { id: "media-doc-1", mime_type: "application/pdf", filename: "invoice-2001.pdf" },
    },
  });
  await customerSends(request, {
    waId,
    name,
    message: {
      type: "location",
      location: {
        latitude: 52.520008,
        longitude: 13.404954,
        name: "Alexanderplatz",
        address: "10178 Berlin",
      },
    },
  });
  await customerSends(request, {
    waId,
    name,
    message: { type: "reaction", reaction: { message_id: first, emoji: "👍" } },
  });
  await openConversation(asha.page, name);
  const t = thread(asha.page);
  await expect(t.getByRole("img", { name: "The damaged box" })).toHaveAttribute(
    "src",
    "/api/media/media-img-1",
  );
  const doc = t.getByRole("link", { name: "invoice-2001.pdf" });
  await expect(doc).toHaveAttribute("href", "/api/media/media-doc-1");
  // a customer's document downloads; it never opens as a page of the app
  await expect(doc).toHaveAttribute("download", "invoice-2001.pdf");
  await expect(doc).not.toHaveAttribute("target", /.+/);
  const place = t.getByRole("link", { name: /Alexanderplatz/ });
  await expect(place).toHaveAttribute("href", /openstreetmap\.org\/\?mlat=52\.520008&mlon=13\.404954/);
  await expect(place).toContainText("10178 Berlin");
  await expect(t.getByText(/Reacted 👍 to “Here are the details”/)).toBeVisible();
  await asha.context.close();
});
