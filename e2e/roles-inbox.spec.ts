import { expect, test } from "@playwright/test";
import { contextFor, signIn } from "./fixtures/auth";
import { throwawayMember } from "./fixtures/members";
import { composer, customerSays, openConversation, openTab, row, uniqueWaId } from "./inbox-helpers";

test("an agent never sees Assign, Take over or Reassign; a manager does", async ({ browser, request }) => {
  const asha = await contextFor(browser, "asha");
  const maya = await contextFor(browser, "manager");
  const name = `Roles ${Date.now()}`;
  await customerSays(request, { waId: uniqueWaId(), name, text: "Hi there" });

  await openConversation(asha.page, name);
  await expect(asha.page.getByRole("button", { name: "Pick up" })).toBeVisible();
  await openConversation(maya.page, name);
  await expect(maya.page.getByRole("button", { name: "Assign" })).toBeVisible();

  // Ben picks it up elsewhere: Asha still sees none of the manager controls; Maya sees Take over and Reassign.
  const ben = await contextFor(browser, "ben");
  await openConversation(ben.page, name);
  await ben.page.getByRole("button", { name: "Pick up" }).click();
  await expect(ben.page.getByTestId("thread-assignee")).toHaveText("Assigned to Ben Okafor");
  await openTab(asha.page, "Assigned");
  await openConversation(asha.page, name);
  for (const label of ["Assign", "Take over", "Reassign", "Mark as resolved", "Return to Open", "Pick up"]) {
    await expect(asha.page.getByRole("button", { name: label, exact: true })).toHaveCount(0);
  }
  await expect(maya.page.getByRole("button", { name: "Take over" })).toBeVisible();
  await expect(maya.page.getByRole("button", { name: "Reassign" })).toBeVisible();
  // The agent's nav shows no manager pages.
  await expect(asha.page.getByRole("link", { name: "Dashboard" })).toHaveCount(0);
  await expect(maya.page.getByRole("link", { name: "Dashboard" }).first()).toBeVisible();

  // Take over (manager) → live on Ben's screen.
  await maya.page.getByRole("button", { name: "Take over" }).click();
  await expect(ben.page.getByText("Assigned to Maya Patel — take over to reply").first()).toBeVisible();
  await expect(composer(ben.page)).toBeDisabled();
  for (const c of [asha, ben, maya]) await c.context.close();
});

test("a deactivated member's page stops updating and their next action lands on /login", async ({
  browser,
  request,
}) => {
  const email = `temp.${Date.now()}@demo.test`;
  const made = await request.post("/api/test/members", {
    data: { action: "create", email, name: "Tess Temp" },
  });
  expect(made.status()).toBe(200);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  await expect(page.getByText("Live", { exact: true })).toBeVisible();

  const off = await request.post("/api/test/members", { data: { action: "deactivate", email } });
  expect(off.status()).toBe(200);
  await expect(page).toHaveURL(/\/login/, { timeout: 5000 });
  // Nothing of the inbox is reachable any more: pages, data routes, actions.
  const name = `After deactivation ${Date.now()}`;
  await customerSays(request, { waId: uniqueWaId(), name, text: "hello?" });
  const res = await page.request.get("/api/inbox/list?tab=open");
  expect(res.status()).toBe(401);
  await page.goto("/inbox/open");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByText(name)).toHaveCount(0);
  await context.close();
});

test("wrong password and throttling show clear errors; after Sign out the old session cookie opens nothing", async ({
  page,
  request,
}) => {
  // A throwaway agent: signing out must not end a shared demo member's sessions in other specs.
  const { email } = await throwawayMember(request, "signout");
  const submit = async () => {
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login"),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  };
  await page.goto("/login");
  await page.getByLabel("Email").fill("nobody-here@demo.test");
  await page.getByLabel("Password").fill("wrong");
  await submit();
  await expect(page.getByRole("alert", { name: "Sign-in error" })).toHaveText(
    "That email and password do not match.",
  );

  const victim = `throttle.${Date.now()}@demo.test`;
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Email").fill(victim);
    await page.getByLabel("Password").fill(`bad-${i}`);
    await submit();
    await expect(page.getByRole("alert", { name: "Sign-in error" })).toHaveText(
      "That email and password do not match.",
    );
  }
  await page.getByLabel("Email").fill(victim);
  await page.getByLabel("Password").fill("bad-again");
  await submit();
  await expect(page.getByRole("alert", { name: "Sign-in error" })).toContainText("Too many failed attempts");

  await signIn(page, email);
  await expect(page).toHaveURL(/\/inbox\/open/);
  // The session cookie as it is now, replayed by hand below: the page forgetting it proves nothing.
  const cookie = (await page.context().cookies())
    .filter((c) => c.name.includes("authjs"))
    .map((c) => `${c.name}=${c.value}`)
    .join("; ");
  const withOldCookie = (path: string) => request.get(path, { headers: { cookie }, maxRedirects: 0 });
  expect((await withOldCookie("/api/inbox/list?tab=open")).status()).toBe(200);
  expect((await withOldCookie("/inbox/open")).status()).toBe(200);

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);
  await page.goto("/inbox/open");
  await expect(page).toHaveURL(/\/login/);
  // The server itself refuses the old cookie: data routes answer 401, pages send it to /login.
  expect((await withOldCookie("/api/inbox/list?tab=open")).status()).toBe(401);
  const pageRes = await withOldCookie("/inbox/open");
  expect([302, 303, 307, 308]).toContain(pageRes.status());
  expect(pageRes.headers().location).toMatch(/\/login/);
});

test("Mine on Assigned shows only the member's own conversations", async ({ browser, request }) => {
  const asha = await contextFor(browser, "asha");
  const ben = await contextFor(browser, "ben");
  const a = `Mine A ${Date.now()}`;
  const b = `Mine B ${Date.now()}`;
  await customerSays(request, { waId: uniqueWaId(), name: a, text: "for Asha" });
  await customerSays(request, { waId: uniqueWaId(), name: b, text: "for Ben" });
  await openConversation(asha.page, a);
  await asha.page.getByRole("button", { name: "Pick up" }).click();
  await openConversation(ben.page, b);
  await ben.page.getByRole("button", { name: "Pick up" }).click();
  await openTab(asha.page, "Assigned");
  await expect(row(asha.page, b)).toBeVisible();
  await asha.page.getByRole("button", { name: "Mine" }).click();
  await expect(asha.page).toHaveURL(/mine=1/);
  await expect(row(asha.page, a)).toBeVisible();
  await expect(row(asha.page, b)).toHaveCount(0);
  for (const c of [asha, ben]) await c.context.close();
});
