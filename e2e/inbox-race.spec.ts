import { expect, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";
import { composer, customerSays, openConversation, outbound, row, thread, uniqueWaId } from "./inbox-helpers";

test("race: Asha and Ben press Send together → exactly one reply; the other sees who won and keeps the draft", async ({
  browser,
  request,
}) => {
  const asha = await contextFor(browser, "asha");
  const ben = await contextFor(browser, "ben");
  const name = `Race ${Date.now()}`;
  await customerSays(request, { waId: uniqueWaId(), name, text: "Who will answer first?" });
  for (const p of [asha.page, ben.page]) {
    await openConversation(p, name);
    await composer(p).fill(p === asha.page ? "Asha's answer" : "Ben's answer");
  }
  // Press both at the same instant. Playwright's click waits for actionability per page, which
  // leaves time for Asha's reply to reach Ben live and disable his composer before he presses —
  // a different story (he would never send). Clicking in both renderers at once keeps the race
  // for the server to decide.
  const buttons = [asha.page, ben.page].map((p) => p.getByRole("button", { name: "Send" }));
  for (const b of buttons) await expect(b).toBeEnabled();
  const handles = await Promise.all(buttons.map((b) => b.elementHandle()));
  await Promise.all(handles.map((h) => h!.evaluate((el) => (el as HTMLButtonElement).click())));

  // Exactly one outbound message, seen the same on both screens.
  for (const p of [asha.page, ben.page]) await expect(outbound(p)).toHaveCount(1);
  const sent = (await outbound(asha.page).first().textContent()) ?? "";
  const winner = sent.includes("Asha's answer") ? asha : ben;
  const loser = winner === asha ? ben : asha;
  const winnerName = winner === asha ? "Asha Rao" : "Ben Okafor";
  const loserDraft = loser === asha ? "Asha's answer" : "Ben's answer";

  const refusal = loser.page.getByRole("alert", { name: "Message not sent" });
  await expect(refusal).toContainText(`${winnerName} picked this up`);
  await expect(composer(loser.page)).toHaveValue(loserDraft);
  await expect(composer(loser.page)).toBeDisabled();
  await expect(thread(loser.page).getByText(loserDraft)).toHaveCount(0);
  await expect(row(loser.page, name)).toHaveCount(0);
  for (const c of [asha, ben]) await c.context.close();
});

test("stale send: a message that arrives while Ben writes holds his first Send; the second goes out", async ({
  browser,
  request,
}) => {
  const ben = await contextFor(browser, "ben");
  const name = `Stale ${Date.now()}`;
  const waId = uniqueWaId();
  await customerSays(request, { waId, name, text: "My parcel is late" });
  await openConversation(ben.page, name);
  await composer(ben.page).fill("Sorry to hear that! Let me check the tracking");

  await customerSays(request, { waId, name, text: "Actually it just arrived, but it's the wrong size" });
  await expect(thread(ben.page).getByText("Actually it just arrived")).toBeVisible();

  await ben.page.getByRole("button", { name: "Send" }).click();
  await expect(ben.page.getByRole("alert", { name: "New messages" })).toContainText("New messages arrived");
  await expect(composer(ben.page)).toHaveValue("Sorry to hear that! Let me check the tracking");
  await expect(outbound(ben.page)).toHaveCount(0);
  const highlighted = thread(ben.page).locator("li[data-highlighted]");
  await expect(highlighted).toHaveCount(1);
  await expect(highlighted).toContainText("wrong size");

  // Having seen it, a second Send goes out.
  await composer(ben.page).fill("Sorry about that! I'll arrange an exchange for the right size.");
  await ben.page.getByRole("button", { name: "Send" }).click();
  await expect(outbound(ben.page)).toHaveCount(1);
  await expect(composer(ben.page)).toHaveValue("");
  await expect(thread(ben.page).locator("li[data-highlighted]")).toHaveCount(0);
  await ben.context.close();
});
