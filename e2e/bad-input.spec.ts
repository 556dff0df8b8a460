import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { io } from "socket.io-client";
import { contextFor } from "./fixtures/auth";

/**
 * Bad input against the built server answers a clear 4xx, never a 5xx (SPEC §8), and the health
 * check tells an anonymous caller only whether all is well.
 */
test("the health check tells an anonymous caller only ok", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok" });
});

test("an oversized sign-in form is refused with 413", async ({ request }) => {
  const res = await request.post("/api/auth/callback/credentials", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: `email=owner%40demo.test&password=${"x".repeat(1024 * 1024)}`,
  });
  expect(res.status()).toBe(413);
});

/** The id Next gave the sign-in server action in this build (what the login form posts to). */
function signInActionId(): string {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  const manifest = JSON.parse(
    readFileSync(join(dist, "server", "server-reference-manifest.json"), "utf8"),
  ) as {
    node: Record<string, { exportedName?: string }>;
  };
  const id = Object.entries(manifest.node).find(([, v]) => v.exportedName === "signInAction")?.[0];
  if (!id) throw new Error("signInAction not found in the build's server-reference manifest");
  return id;
}

test("an oversized server action body is refused with 413, and an unknown action with a 4xx", async ({
  request,
}) => {
  const post = (action: string) =>
    request.post("/login", {
      headers: {
        "next-action": action,
        "content-type": "text/plain;charset=UTF-8",
        accept: "text/x-component",
      },
      data: JSON.stringify([{ error: null, email: "" }, "x".repeat(2 * 1024 * 1024)]),
    });
  expect((await post(signInActionId())).status()).toBe(413);
  const unknown = (await post(randomBytes(21).toString("hex"))).status();
  expect(unknown).toBeGreaterThanOrEqual(400);
  expect(unknown).toBeLessThan(500);
});

test("bad paging and filter input is a 400 on the JSON and CSV routes, and named on the review page", async ({
  browser,
}) => {
  const { context, page } = await contextFor(browser, "manager");
  for (const q of ["limit=1.5", "limit=-1", "cursor=bm90LWEtY3Vyc29y"]) {
    const res = await page.request.get(`/api/inbox/list?tab=open&${q}`);
    expect(res.status(), q).toBe(400);
  }
  expect((await page.request.get("/api/review/export?from=2024-13-01")).status()).toBe(400);
  const review = await page.goto("/review?from=2024-13-01");
  expect(review?.status()).toBe(200);
  await expect(page.getByRole("alert", { name: "Ignored filters" })).toContainText("from");
  expect(
    (
      await page.goto("/review?after=-200000-01-01T00:00:00.000Z_0b9c3f52-6c1e-4a5e-9c1d-2f3e4a5b6c7d")
    )?.status(),
  ).toBe(200);
  await context.close();
});

test("a socket opened from another site's page is refused, even with the member's cookie", async ({
  browser,
  baseURL,
}) => {
  const { context } = await contextFor(browser, "asha");
  const session = (await context.cookies()).find((c) => c.name === "authjs.session-token");
  expect(session).toBeTruthy();
  const attempt = (origin: string) =>
    new Promise<string>((resolve) => {
      const s = io(baseURL!, {
        transports: ["websocket"],
        reconnection: false,
        extraHeaders: { cookie: `${session!.name}=${session!.value}`, origin },
      });
      s.on("connect", () => {
        s.close();
        resolve("connected");
      });
      s.on("connect_error", () => {
        s.close();
        resolve("refused");
      });
    });
  expect(await attempt("https://evil.example")).toBe("refused");
  expect(await attempt(baseURL!)).toBe("connected");
  await context.close();
});
