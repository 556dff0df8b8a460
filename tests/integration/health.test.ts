import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { closeRawClient, openRawClient, type RawClient, setGlobalClient } from "../../db/client";
import { describeEachDb } from "../helpers/db";
import { makeBusiness, type World } from "../helpers/factory";
import { installTestConfig } from "../helpers/webhook-fixtures";

// The route reads the signed-in member through lib/session; each test chooses who that is.
const current = vi.hoisted(() => ({
  member: null as null | { id: string; businessId: string; role: string },
}));
vi.mock("../../lib/session", () => ({ getCurrentMember: async () => current.member }));

const TOKEN = "health-token-0123456789abcdef";

/**
 * /api/health tells an anonymous caller only ok / not ok; the details (database kind, latency,
 * versions) are for signed-in admins and owners, or a caller with the HEALTH_TOKEN bearer.
 */
describeEachDb("the health check", (ctx) => {
  let w: World;
  beforeAll(async () => {
    installTestConfig({ HEALTH_TOKEN: TOKEN });
    setGlobalClient(ctx.raw);
    w = await makeBusiness(ctx.db);
  });
  afterEach(() => {
    current.member = null;
    setGlobalClient(ctx.raw);
  });

  const health = async (headers: Record<string, string> = {}) => {
    const { GET } = await import("../../app/api/health/route");
    const res = await GET(new Request("http://127.0.0.1/api/health", { headers }));
    return { status: res.status, body: await res.json() };
  };

  it("answers an anonymous caller only {status: ok}", async () => {
    expect(await health()).toEqual({ status: 200, body: { status: "ok" } });
    expect(await health({ authorization: "Bearer wrong-token-0123456789" })).toEqual({
      status: 200,
      body: { status: "ok" },
    });
  });

  it("answers an agent or manager only {status: ok}", async () => {
    for (const m of [w.asha, w.manager]) {
      current.member = { id: m.id, businessId: w.biz.id, role: m.role };
      expect(await health()).toEqual({ status: 200, body: { status: "ok" } });
    }
  });

  it("gives the details to an admin, an owner and the health token", async () => {
    for (const m of [w.admin, w.owner]) {
      current.member = { id: m.id, businessId: w.biz.id, role: m.role };
      const r = await health();
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        status: "ok",
        database: { status: "up", kind: "pglite", latencyMs: expect.any(Number) },
        versions: { node: process.version },
      });
    }
    current.member = null;
    expect((await health({ authorization: `Bearer ${TOKEN}` })).body).toMatchObject({
      database: { status: "up" },
    });
  });

  describe("when the database is down", () => {
    let dead: RawClient;
    beforeAll(async () => {
      dead = await openRawClient({ pglitePath: "memory://" });
      await closeRawClient(dead);
    });
    afterAll(() => setGlobalClient(ctx.raw));

    it("answers 503 {status: unavailable} without the error to an anonymous caller", async () => {
      setGlobalClient(dead);
      expect(await health()).toEqual({ status: 503, body: { status: "unavailable" } });
      const detailed = await health({ authorization: `Bearer ${TOKEN}` });
      expect(detailed.status).toBe(503);
      expect(detailed.body).toMatchObject({ status: "unavailable", database: { status: "down" } });
    });
  });
});
