import { afterEach, beforeAll, expect, it, vi } from "vitest";
import { setGlobalClient } from "../../db/client";
import { encodeCursor } from "../../lib/queries/inbox/cursor";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId, type World } from "../helpers/factory";
import { installTestConfig } from "../helpers/webhook-fixtures";

// The routes read the signed-in member through lib/session; each test chooses who that is.
const current = vi.hoisted(() => ({
  member: null as null | { id: string; businessId: string; role: string },
}));
vi.mock("../../lib/session", () => ({ getCurrentMember: async () => current.member }));

const UUID = "0b9c3f52-6c1e-4a5e-9c1d-2f3e4a5b6c7d";
const cursor = (at: string) => encodeCursor({ at, id: UUID });

/**
 * Bad input to the JSON and CSV routes is a clear 4xx with a reason, never a 5xx (SPEC §8).
 * Each case calls the real route handler with a real Request.
 */
describeEachDb("bad query input to the inbox and review routes", (ctx) => {
  let w: World;
  let conversationId: string;

  beforeAll(async () => {
    installTestConfig();
    setGlobalClient(ctx.raw);
    w = await makeBusiness(ctx.db);
    conversationId = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId());
  });
  afterEach(() => {
    current.member = null;
  });

  const list = async (query: string) => {
    const { GET } = await import("../../app/api/inbox/list/route");
    return GET(new Request(`http://127.0.0.1/api/inbox/list?${query}`));
  };
  const exportCsv = async (query: string) => {
    const { GET } = await import("../../app/api/review/export/route");
    return GET(new Request(`http://127.0.0.1/api/review/export?${query}`));
  };

  it.each([
    ["limit=1.5"],
    ["limit=0"],
    ["limit=-3"],
    ["limit=abc"],
    ["limit=1e3"],
    ["limit=99999999999999999999"],
    [`cursor=${cursor("2024-13-45 25:61:61+00")}`],
    [`cursor=${cursor("2024-02-30 10:00:00+00")}`],
    [`cursor=${cursor("0000-01-01 00:00:00+00")}`],
    ["cursor=not-a-cursor"],
  ])("GET /api/inbox/list?tab=open&%s → 400 with a reason", async (query) => {
    current.member = { id: w.asha.id, businessId: w.biz.id, role: "agent" };
    const res = await list(`tab=open&${query}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: expect.any(String) });
  });

  it("still serves good pages: a whole limit and a cursor it made", async () => {
    current.member = { id: w.asha.id, businessId: w.biz.id, role: "agent" };
    const first = await list("tab=open&limit=1");
    expect(first.status).toBe(200);
    const page = (await first.json()) as { items: { id: string }[]; nextCursor: string | null };
    expect(page.items.map((r) => r.id)).toEqual([conversationId]);
    expect((await list(`tab=open&limit=50&cursor=${cursor("2026-11-25 22:57:01.123456+00")}`)).status).toBe(
      200,
    );
  });

  it.each([
    ["from=2024-13-01"],
    ["to=2024-02-30"],
    ["from=0000-01-01"],
    ["member=not-a-uuid"],
    ["reason=bored"],
  ])("GET /api/review/export?%s → 400 naming the filter", async (query) => {
    current.member = { id: w.manager.id, businessId: w.biz.id, role: "manager" };
    const res = await exportCsv(query);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(query.split("=")[0]);
  });

  it("exports with good filters", async () => {
    current.member = { id: w.manager.id, businessId: w.biz.id, role: "manager" };
    const res = await exportCsv("from=2024-01-01&to=2024-12-31");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
  });

  it("GET /api/review/transcript/<not a uuid> → 404, not 5xx", async () => {
    current.member = { id: w.manager.id, businessId: w.biz.id, role: "manager" };
    const { GET } = await import("../../app/api/review/transcript/[id]/route");
    const res = await GET(new Request("http://127.0.0.1/api/review/transcript/x"), {
      params: Promise.resolve({ id: "x'; select 1;--" }),
    });
    expect(res.status).toBe(404);
  });
});
