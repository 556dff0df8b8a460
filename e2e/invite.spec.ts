import { expect, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";

// The service's expiry rule itself is tested with an injected clock in
// tests/integration/members.test.ts; here the page is driven with an invite aged past 7 days.

async function createInviteLink(page: import("@playwright/test").Page, email: string) {
  await page.goto("/settings");
  await page.getByLabel("Invite by email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("agent");
  await page.getByRole("button", { name: "Create invite link" }).click();
  return page.getByLabel("Invite URL").inputValue();
}

test("an invite link works once, then says it was used", async ({ browser }) => {
  const adam = await contextFor(browser, "admin");
  await adam.page.goto("/settings");
  const email = `invitee.${Date.now()}@demo.test`;
  await adam.page.getByLabel("Invite by email").fill(email);
  await adam.page.getByLabel("Role", { exact: true }).selectOption("agent");
  await adam.page.getByRole("button", { name: "Create invite link" }).click();
  const url = await adam.page.getByLabel("Invite URL").inputValue();
  expect(url).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
  await expect(adam.page.getByText(`${email} · Agent`)).toBeVisible();

  const guest = await browser.newContext();
  const page = await guest.newPage();
  await page.goto(url);
  await expect(page.getByRole("heading", { name: /^Join / })).toBeVisible();
  await page.getByLabel("Your name").fill("Ivy Invitee");
  await page.getByLabel("Password", { exact: true }).fill("a-strong-password");
  await page.getByLabel("Repeat password").fill("a-strong-password");
  await page.getByRole("button", { name: "Join the team" }).click();
  await page.waitForURL(/\/inbox/);
  await expect(page.getByText("Ivy Invitee").first()).toBeVisible();

  // The same link, again, anywhere: used.
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.goto(url);
  await expect(p2.getByRole("heading", { name: "This invite was already used" })).toBeVisible();
  await expect(p2.getByRole("button", { name: "Join the team" })).toHaveCount(0);

  // The admin sees the new member.
  await adam.page.reload();
  await expect(adam.page.getByTestId(`member-${email}`)).toContainText("Ivy Invitee");
  await p2.goto("/invite/not-a-real-token-at-all");
  await expect(p2.getByRole("heading", { name: "This invite link is not valid" })).toBeVisible();
  for (const c of [adam.context, guest, other]) await c.close();
});

test("an expired invite link says so and cannot be used", async ({ browser, request }) => {
  const adam = await contextFor(browser, "admin");
  const url = await createInviteLink(adam.page, `late.${Date.now()}@demo.test`);
  const aged = await request.post("/api/test/invites", { data: { action: "expire", url } });
  expect(await aged.json()).toEqual({ expired: 1 });

  const guest = await browser.newContext();
  const page = await guest.newPage();
  await page.goto(url);
  await expect(page.getByRole("heading", { name: "This invite has expired" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Join the team" })).toHaveCount(0);
  for (const c of [adam.context, guest]) await c.close();
});
