import { afterEach, beforeAll, expect, it } from "vitest";
import { setGlobalClient } from "../../db/client";
import { describeEachDb } from "../helpers/db";
import { installTestConfig } from "../helpers/webhook-fixtures";

/**
 * The test-only routes under /api/test follow the validated configuration, which refuses
 * SWITCHBOARD_E2E=1 on a production setup: a raw environment variable alone never opens them.
 */
describeEachDb("the test-only routes", (ctx) => {
  beforeAll(() => setGlobalClient(ctx.raw));
  const before = process.env.SWITCHBOARD_E2E;
  afterEach(() => {
    if (before === undefined) delete process.env.SWITCHBOARD_E2E;
    else process.env.SWITCHBOARD_E2E = before;
  });

  const post = (path: string) =>
    new Request(`http://127.0.0.1/api/test/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action: "expire", url: "http://x/invite/abc" }),
    });

  it("do not exist unless the configuration enabled them, whatever the process environment says", async () => {
    // A server whose configuration did not enable them (e.g. it was refused for production, or
    // the variable was set after start).
    installTestConfig();
    process.env.SWITCHBOARD_E2E = "1";
    const members = await import("../../app/api/test/members/route");
    const invites = await import("../../app/api/test/invites/route");
    expect((await members.POST(post("members"))).status).toBe(404);
    expect((await invites.POST(post("invites"))).status).toBe(404);
  });

  it("exist when the configuration enabled them", async () => {
    installTestConfig({ SWITCHBOARD_E2E: "1" });
    const invites = await import("../../app/api/test/invites/route");
    // Past the guard: a made-up invite link simply expires nothing.
    const res = await invites.POST(post("invites"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ expired: 0 });
  });
});
