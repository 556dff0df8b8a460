import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { setGlobalClient } from "../../db/client";
import { mediaCache } from "../../db/schema";
import { loadMedia } from "../../lib/whatsapp/media";
import { describeEachDb } from "../helpers/db";
import { makeBusiness, newWaId, type World } from "../helpers/factory";
import { FakeGraph } from "../helpers/fake-graph";
import { customerBody, msg, postWebhook, installTestConfig } from "../helpers/webhook-fixtures";

// The route reads the signed-in member through lib/session; tests choose who that is.
const current = vi.hoisted(() => ({ member: null as null | { id: string; businessId: string } }));
vi.mock("../../lib/session", () => ({ getCurrentMember: async () => current.member }));

describeEachDb("media route", (ctx) => {
  let w: World;
  let other: World;
  const graph = new FakeGraph();
  const bytes = Buffer.from("\x89PNG fake image bytes");

  beforeAll(async () => {
    await graph.start();
    installTestConfig({ WHATSAPP_ACCESS_TOKEN: graph.token, WHATSAPP_GRAPH_URL: graph.url });
    setGlobalClient(ctx.raw);
    w = await makeBusiness(ctx.db);
    other = await makeBusiness(ctx.db);
    graph.addMedia("1479537139650973", "image/png", bytes);
    const waId = newWaId();
    await postWebhook(
      customerBody(w.numbers[0].phoneNumberId, waId, [
        msg(waId, "image", {
          mime_type: "image/png",
          sha256: "x",
          id: "1479537139650973",
          caption: "receipt",
        }),
      ]),
    );
  });
  afterAll(() => graph.stop());

  const get = async (id: string) => {
    const { GET } = await import("../../app/api/media/[id]/route");
    return GET(new Request(`http://x/api/media/${id}`), { params: Promise.resolve({ id }) });
  };

  it("serves the file to a member of the business: media URL lookup, then download with the token, then cached", async () => {
    current.member = { id: w.asha.id, businessId: w.biz.id };
    const res = await get("1479537139650973");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    const paths = graph.requests.map((r) => r.path);
    expect(paths).toEqual(["/1479537139650973", "/download/1479537139650973"]);
    expect(graph.requests.every((r) => r.authorization === `Bearer ${graph.token}`)).toBe(true);
    expect(
      await ctx.db.select().from(mediaCache).where(eq(mediaCache.mediaId, "1479537139650973")),
    ).toHaveLength(1);
    // second time from the cache: no new Graph request
    expect((await get("1479537139650973")).status).toBe(200);
    expect(graph.requests).toHaveLength(2);
  });

  it("refuses signed-out visitors and members of another business", async () => {
    current.member = null;
    expect((await get("1479537139650973")).status).toBe(401);
    current.member = { id: other.asha.id, businessId: other.biz.id };
    expect((await get("1479537139650973")).status).toBe(404);
    expect((await get("../etc")).status).toBe(404);
  });

  it("in simulator mode serves what the simulator uploaded", async () => {
    await ctx.db.insert(mediaCache).values({
      mediaId: "sim00000000000000000001",
      businessId: w.biz.id,
      mimeType: "image/jpeg",
      bytes: Buffer.from("jpeg").toString("base64"),
    });
    const waId = newWaId();
    await postWebhook(
      customerBody(w.numbers[0].phoneNumberId, waId, [
        msg(waId, "image", { mime_type: "image/jpeg", sha256: "x", id: "sim00000000000000000001" }),
      ]),
    );
    const r = await loadMedia(ctx.db, w.biz.id, "sim00000000000000000001", {
      simulator: true,
      graphUrl: "http://127.0.0.1:9",
    });
    expect(r.ok && r.bytes.toString()).toBe("jpeg");
  });
});
