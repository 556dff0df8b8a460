import { expect, type Page, type Response, test } from "@playwright/test";
import { PASSWORD, USERS } from "./fixtures/auth";
import { customerSays, row, uniqueWaId } from "./inbox-helpers";

/**
 * SPEC §8: pages carry a CSP without unsafe-eval, frame-ancestors 'none', a Referrer-Policy (and
 * HSTS only behind HTTPS) — and the app still works under that policy: sign-in, the inbox and
 * its live socket, with no CSP violation reported by the browser.
 */
function expectPageHeaders(res: Response | null) {
  expect(res).not.toBeNull();
  const h = res!.headers();
  const csp = h["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"]).toContain("camera=()");
  expect(h["permissions-policy"]).toContain("microphone=()");
  expect(h["permissions-policy"]).toContain("geolocation=()");
  expect(h["x-content-type-options"]).toBe("nosniff");
  // plain HTTP on 127.0.0.1: no HSTS
  expect(h["strict-transport-security"]).toBeUndefined();
  return csp;
}

/** Every CSP violation the page reports, from the event and from the console. */
async function watchViolations(page: Page) {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) seen.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return seen;
}

test("pages carry the security headers and sign-in, the inbox and the live socket work under the CSP", async ({
  page,
  request,
}) => {
  const violations = await watchViolations(page);
  const sockets: string[] = [];
  page.on("websocket", (ws) => sockets.push(ws.url()));

  const login = await page.goto("/login");
  const csp = expectPageHeaders(login);

  await page.getByLabel("Email").fill(USERS.asha);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname.startsWith("/inbox"));

  const inbox = await page.goto("/inbox/open");
  const inboxCsp = expectPageHeaders(inbox);
  expect(inboxCsp).not.toBe(csp); // a fresh nonce per response
  await expect(page.getByRole("tab", { name: /^Open/ })).toBeVisible();
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  expect(sockets.some((u) => u.includes("/socket.io/"))).toBe(true);

  // The socket really delivers: a customer's new message appears without a reload.
  const name = `CSP ${Date.now()}`;
  await customerSays(request, { waId: uniqueWaId(), name, text: "Hello under a strict policy" });
  await expect(row(page, name)).toBeVisible();

  expect(violations).toEqual([]);
  // The watch itself works: an image from another origin is refused and reported.
  await page.evaluate(() => {
    const img = document.createElement("img");
    img.src = "http://127.0.0.2:9/not-allowed.png";
    document.body.append(img);
  });
  await expect.poll(() => violations.length).toBeGreaterThan(0);
});

test("every other page renders under the CSP without a violation", async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto("/login");
  await page.getByLabel("Email").fill(USERS.owner);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname.startsWith("/inbox"));
  for (const path of ["/dashboard", "/settings", "/campaigns", "/review", "/simulator"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    expectPageHeaders(res);
    await expect(page.getByRole("heading").first()).toBeVisible();
  }
  expect(violations).toEqual([]);
});

test("without TRUST_PROXY a client's X-Forwarded-Proto does not turn HSTS on", async ({ request }) => {
  const res = await request.get("/login", { headers: { "x-forwarded-proto": "https" } });
  expect(res.status()).toBe(200);
  expect(res.headers()["strict-transport-security"]).toBeUndefined();
  expect(res.headers()["content-security-policy"]).not.toContain("upgrade-insecure-requests");
});

test("a media answer is sandboxed even when it is an error, for a signed-in member", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(USERS.asha);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname.startsWith("/inbox"));
  const res = await page.request.get("/api/media/no-such-media");
  expect(res.status()).toBe(404);
  expect(res.headers()["content-security-policy"]).toBe("default-src 'none'; sandbox");
  expect(res.headers()["cross-origin-resource-policy"]).toBe("same-origin");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
});
