import { type Browser, expect, type Page, test } from "@playwright/test";
import { PASSWORD, signIn, USERS } from "./fixtures/auth";

/** A throwaway Demo Co agent, so signing out everywhere never disturbs the shared demo members. */
async function throwaway(page: Page, tag: string) {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const email = `${tag}.${stamp}@demo.test`;
  const name = `Temp ${tag} ${stamp}`;
  const res = await page.request.post("/api/test/members", { data: { action: "create", email, name } });
  expect(res.ok()).toBe(true);
  return { email, name };
}

async function signedIn(browser: Browser, email: string, password = PASSWORD) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, password);
  return { context, page };
}

test("Sign out in one browser ends the member's session in the other: its socket is cut and it goes to /login", async ({
  browser,
  page,
}) => {
  const who = await throwaway(page, "signout");
  const laptop = await signedIn(browser, who.email);
  const phone = await signedIn(browser, who.email);
  const tablet = await signedIn(browser, who.email);
  await phone.page.goto("/inbox/open");
  await expect(phone.page.getByText("Live", { exact: true })).toBeVisible();
  await tablet.page.goto("/account");
  await expect(tablet.page.getByRole("heading", { name: "Account" })).toBeVisible();

  await laptop.page.goto("/inbox/open");
  await laptop.page.getByRole("button", { name: "Sign out" }).click();
  await laptop.page.waitForURL(/\/login/);

  // The phone's socket is cut and the page leaves at once; the tablet's next navigation too.
  await phone.page.waitForURL(/\/login/);
  await tablet.page.goto("/inbox/open");
  await expect(tablet.page).toHaveURL(/\/login/);
  expect((await tablet.page.request.get("/api/inbox/list?tab=open")).status()).toBe(401);
  for (const c of [laptop, phone, tablet]) await c.context.close();
});

test("Change password keeps this browser signed in and ends the other session; the new password signs in", async ({
  browser,
  page,
}) => {
  const who = await throwaway(page, "passwd");
  const mine = await signedIn(browser, who.email);
  const other = await signedIn(browser, who.email);
  await other.page.goto("/inbox/open");
  await expect(other.page.getByText("Live", { exact: true })).toBeVisible();

  await mine.page.getByRole("link", { name: "Account" }).first().click();
  await expect(mine.page).toHaveURL(/\/account/);
  const form = mine.page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill("not-my-password");
  await form.getByLabel("New password", { exact: true }).fill("brand-new-password");
  await form.getByLabel("Repeat new password").fill("brand-new-password");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(mine.page.getByRole("alert", { name: "Password error" })).toHaveText(
    "Your current password is not right.",
  );
  await expect(other.page.getByText("Live", { exact: true })).toBeVisible();

  await form.getByLabel("Current password").fill(PASSWORD);
  await form.getByLabel("New password", { exact: true }).fill("brand-new-password");
  await form.getByLabel("Repeat new password").fill("brand-new-password");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(mine.page.getByRole("status").filter({ hasText: "Your password was changed" })).toBeVisible();

  await other.page.waitForURL(/\/login/);
  await mine.page.goto("/inbox/open");
  await expect(mine.page).toHaveURL(/\/inbox\/open/);
  await expect(mine.page.getByText("Live", { exact: true })).toBeVisible();

  await signIn(other.page, who.email, "brand-new-password");
  await expect(other.page).toHaveURL(/\/inbox/);
  for (const c of [mine, other]) await c.context.close();
});

test("Sign out everywhere on the Account page ends this browser's session and every other", async ({
  browser,
  page,
}) => {
  const who = await throwaway(page, "everywhere");
  const mine = await signedIn(browser, who.email);
  const other = await signedIn(browser, who.email);
  await mine.page.goto("/account");
  mine.page.once("dialog", (d) => d.accept());
  await mine.page.getByRole("button", { name: "Sign out everywhere" }).click();
  await mine.page.waitForURL(/\/login/);
  // The other browser is sent to /login live, by its socket hearing the session end (a page
  // navigation started now would race that redirect)…
  await expect(other.page).toHaveURL(/\/login/);
  // …and its cookie no longer opens a page.
  await other.page.goto("/account");
  await expect(other.page).toHaveURL(/\/login/);
  for (const c of [mine, other]) await c.context.close();
});

test("an admin's password reset link works once and ends the member's old session", async ({
  browser,
  page,
}) => {
  const who = await throwaway(page, "reset");
  const old = await signedIn(browser, who.email);
  const admin = await signedIn(browser, USERS.admin);
  await admin.page.goto("/settings");
  await admin.page.getByRole("button", { name: `Reset password of ${who.name}` }).click();
  const link = await admin.page.getByLabel(`Password reset URL for ${who.name}`).inputValue();
  expect(link).toMatch(/\/reset\//);

  const fresh = await browser.newContext();
  const p = await fresh.newPage();
  await p.goto(link);
  await expect(p.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await p.getByLabel("New password", { exact: true }).fill("a-password-from-reset");
  await p.getByLabel("Repeat new password").fill("a-password-from-reset");
  await p.getByRole("button", { name: "Set new password" }).click();
  await p.waitForURL(/\/inbox\/open/);

  await old.page.goto("/inbox/open");
  await expect(old.page).toHaveURL(/\/login/);

  const again = await browser.newContext();
  const q = await again.newPage();
  await q.goto(link);
  await expect(q.getByRole("heading", { name: "This password reset link was already used" })).toBeVisible();
  for (const c of [old.context, admin.context, fresh, again]) await c.close();
});

test("the session cookie is HttpOnly and SameSite=Lax (Secure only under HTTPS)", async ({ browser }) => {
  const { context } = await signedIn(browser, USERS.asha);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === "authjs.session-token");
  expect(session).toBeDefined();
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
  for (const c of cookies.filter((c) => c.name.includes("authjs"))) {
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe("Lax");
  }
  await context.close();
});
