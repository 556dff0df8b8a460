import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "@playwright/test";

/**
 * A real browser page for one member, for what only the page can show (a refusal notice and
 * a draft that is still there). Uses Debian's Chromium as playwright.config.ts does.
 */
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

export async function memberPage(baseUrl: string, cookie: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: systemChromium,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-quic"],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const [name, ...value] = cookie.split("=");
  await context.addCookies([{ name, value: value.join("="), url: baseUrl }]);
  return { browser, page: await context.newPage() };
}
