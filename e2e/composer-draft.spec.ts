import { expect, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";
import { composer, customerSays, openConversation, openTab, outbound, uniqueWaId } from "./inbox-helpers";

test("a draft survives a reload, and is cleared once it is sent", async ({ browser, request }) => {
  const asha = await contextFor(browser, "asha");
  const name = `Draft ${Date.now()}`;
  await customerSays(request, { waId: uniqueWaId(), name, text: "Can you check my order?" });
  await openConversation(asha.page, name);
  await composer(asha.page).fill("Let me look that up for you, one moment");

  await asha.page.reload();
  await openConversation(asha.page, name);
  await expect(composer(asha.page)).toHaveValue("Let me look that up for you, one moment");

  await composer(asha.page).press("Enter");
  await expect(outbound(asha.page)).toHaveCount(1);
  await expect(composer(asha.page)).toHaveValue("");
  await asha.page.reload();
  await openTab(asha.page, "Assigned");
  await openConversation(asha.page, name);
  await expect(outbound(asha.page)).toHaveCount(1);
  await expect(composer(asha.page)).toHaveValue("");
});
