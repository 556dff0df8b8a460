import { expect, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";
import { conversationsNamed, customerPhone, settledCounts } from "./fixtures/conversations";
import { customerWrites } from "./fixtures/whatsapp";
import { counts, customerSays, openConversation, openTab, row, thread, uniqueWaId } from "./inbox-helpers";

/**
 * A campaign to a customer who already has a conversation (SPEC §1, "Campaigns"): campaign
 * messages are not shown in the inbox and change no state, so the customer's Assigned
 * conversation stays as it was and no second conversation appears. When the customer answers the
 * campaign message, the answer joins that same conversation (T4: still Assigned to the same
 * member) with the campaign message shown above it.
 */
test("a campaign to a customer with an Assigned conversation changes nothing; the reply lands in that conversation under the campaign message", async ({
  browser,
  request,
}) => {
  const stamp = Date.now();
  const name = `Campaign customer ${stamp}`;
  const campaign = `Spring restock ${stamp}`;
  const waId = uniqueWaId();
  await customerSays(request, { waId, name, text: "Do you have the green one?" });

  const asha = await contextFor(browser, "asha");
  await openConversation(asha.page, name);
  await asha.page.getByRole("button", { name: "Pick up" }).click();
  await expect(asha.page.getByTestId("thread-assignee")).toHaveText("Assigned to Asha Rao");
  const [existing] = await conversationsNamed(asha.page, name);
  const before = await settledCounts(asha.page);

  // The admin sends a campaign from the same number (Sales) to this customer.
  const admin = await contextFor(browser, "admin");
  await admin.page.goto("/campaigns");
  await admin.page.getByLabel("Campaign name").fill(campaign);
  await admin.page.getByLabel("Template").selectOption({ label: "order_update (en_US)" });
  await admin.page.getByLabel("Send from").selectOption({ label: "Sales · +1 555-000-1111" });
  await admin.page.getByLabel("Parameter {{1}}").fill("friend");
  await admin.page.getByLabel("Parameter {{2}}").fill(`#R${stamp}`);
  await admin.page.getByLabel(/^Recipients/).fill(`+${waId}`);
  await admin.page.getByRole("button", { name: "Send campaign" }).click();
  await expect(admin.page.getByRole("status", { name: "Campaign result" })).toContainText(
    "1 message(s) queued",
  );

  // It reaches the customer's phone (the simulator, as the e2e server has no Cloud API token)…
  await expect
    .poll(async () =>
      (await customerPhone(asha.page, { waId })).filter((m) => m.type === "template" && m.wamid),
    )
    .toHaveLength(1);
  const sent = (await customerPhone(asha.page, { waId })).find((m) => m.type === "template");
  expect(sent?.body).toContain(`#R${stamp}`);

  // …and the inbox is as it was: one conversation, still Assigned to Asha, no campaign message in it.
  expect(await conversationsNamed(asha.page, name)).toEqual([{ id: existing.id, state: "assigned" }]);
  expect(await settledCounts(asha.page)).toEqual(before);
  await expect(asha.page.getByTestId("thread-assignee")).toHaveText("Assigned to Asha Rao");
  await expect(thread(asha.page).getByText(`#R${stamp}`)).toHaveCount(0);

  // The customer answers the campaign message: it joins the same conversation, live on Asha's page.
  await customerWrites(request, { waId, name, text: "Yes please, send it!", contextId: sent!.wamid! });
  const answer = thread(asha.page).getByRole("listitem").filter({ hasText: "Yes please, send it!" });
  await expect(answer).toBeVisible();
  await expect(answer.getByTestId("replied-to")).toContainText(`Reply to campaign “${campaign}”`);
  await expect(answer.getByTestId("replied-to")).toContainText(
    `Hi friend, your order #R${stamp} has shipped.`,
  );
  await expect(asha.page.getByTestId("thread-assignee")).toHaveText("Assigned to Asha Rao");
  expect(await conversationsNamed(asha.page, name)).toEqual([{ id: existing.id, state: "assigned" }]);
  await expect.poll(() => counts(asha.page)).toEqual(before);
  await openTab(asha.page, "Assigned");
  await expect(row(asha.page, name)).toContainText("Yes please, send it!");

  for (const c of [asha, admin]) await c.context.close();
});
