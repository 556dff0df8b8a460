import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setGlobalClient } from "../../db/client";
import { encode } from "next-auth/jwt";
import { mediaCache, members, type Member } from "../../db/schema";
import { loadMedia } from "../../lib/whatsapp/media";
import { describeEachDb } from "../helpers/db";
import { makeBusiness, newWaId, type World } from "../helpers/factory";
import { FakeGraph, type MediaOptions } from "../helpers/fake-graph";
import { customerBody, msg, postWebhook, installTestConfig } from "../helpers/webhook-fixtures";

// The route finds its member as in the app: Auth.js reads the session cookie from the request's
// headers (next/headers), then lib/session checks the member against the database. Outside
// Next's request scope only next/headers needs help: it answers the headers of the request
// being served.
const request = vi.hoisted(() => {
  process.env.AUTH_SECRET = "media-test-auth-secret-0123456789abcdef";
  return { headers: new Headers() };
});
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  headers: async () => request.headers,
}));

const SESSION_COOKIE = "authjs.session-token";
/** Who the next requests come from: the cookie Auth.js sets at sign-in, or none. */
let cookie: string | null = null;
async function signInAs(m: Member) {
  const token = await encode({
    token: { memberId: m.id, sessionVersion: m.sessionVersion },
    secret: process.env.AUTH_SECRET!,
    salt: SESSION_COOKIE,
  });
  cookie = `${SESSION_COOKIE}=${token}`;
}

const MEDIA_CSP = "default-src 'none'; sandbox";
let seq = 0;
const newMediaId = () => `${Date.now()}${++seq}`;

/** What every answer of a media route must carry, whatever its status. */
function expectLockedDown(res: Response) {
  expect(res.headers.get("content-security-policy")).toBe(MEDIA_CSP);
  expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
}

describeEachDb("media route", (ctx) => {
  let w: World;
  let other: World;
  const graph = new FakeGraph();
  const bytes = Buffer.from("\x89PNG fake image bytes");

  /** A customer of `w` sends a file of this type through the real, signed webhook. */
  async function customerSendsFile(
    type: string,
    object: Record<string, unknown>,
    file: Buffer,
    opts: MediaOptions = {},
  ): Promise<string> {
    const id = newMediaId();
    graph.addMedia(id, String(object.mime_type ?? "application/octet-stream"), file, opts);
    const waId = newWaId();
    const r = await postWebhook(
      customerBody(w.numbers[0].phoneNumberId, waId, [msg(waId, type, { ...object, id })]),
    );
    expect(r.status).toBe(200);
    return id;
  }

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
    const req = new Request(`http://127.0.0.1/api/media/${id}`, {
      // Next hands route handlers the protocol it was reached by; here plain HTTP.
      headers: { host: "127.0.0.1", "x-forwarded-proto": "http", ...(cookie ? { cookie } : {}) },
    });
    request.headers = new Headers(req.headers);
    return GET(req, { params: Promise.resolve({ id }) });
  };

  it("serves the file to a member of the business: media URL lookup, then download with the token, then cached", async () => {
    await signInAs(w.asha);
    graph.reset();
    const res = await get("1479537139650973");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expectLockedDown(res);
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
    cookie = null;
    const anonymous = await get("1479537139650973");
    expect(anonymous.status).toBe(401);
    expectLockedDown(anonymous);
    await signInAs(other.asha);
    const foreign = await get("1479537139650973");
    expect(foreign.status).toBe(404);
    expectLockedDown(foreign);
    expect((await get("../etc")).status).toBe(404);
  });

  it("a member deactivated since signing in is refused, although the cookie is still valid", async () => {
    const [leaver] = await ctx.db
      .insert(members)
      .values({
        businessId: w.biz.id,
        email: `leaver.${newMediaId()}@t.test`,
        name: "Lee Vance",
        role: "agent",
      })
      .returning();
    await signInAs(leaver);
    // Signed in and allowed: the file is served with this very cookie.
    expect((await get("1479537139650973")).status).toBe(200);
    await ctx.db.update(members).set({ active: false }).where(eq(members.id, leaver.id));
    const refused = await get("1479537139650973");
    expect(refused.status).toBe(401);
    expectLockedDown(refused);
    expect(refused.headers.get("content-type")).not.toBe("image/png");
  });

  describe("a customer's file never runs as a page of the app", () => {
    it("an .html document downloads as an attachment named after the document, from a response that forbids scripts", async () => {
      await signInAs(w.asha);
      const html = Buffer.from(
        "<html><script>fetch('/api/inbox/list').then(r=>r.text()).then(alert)</script>",
      );
      const id = await customerSendsFile(
        "document",
        { mime_type: "text/html", filename: "invoice.html" },
        html,
      );
      const res = await get(id);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/octet-stream");
      expect(res.headers.get("content-disposition")).toBe(
        `attachment; filename="invoice.html"; filename*=UTF-8''invoice.html`,
      );
      expectLockedDown(res);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(html);
    });

    it("an .svg sent as an image is not shown inline: SVG can carry script", async () => {
      await signInAs(w.asha);
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"/>');
      const id = await customerSendsFile("image", { mime_type: "image/svg+xml" }, svg);
      const res = await get(id);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/octet-stream");
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="[^"]+"/);
      expectLockedDown(res);
    });

    it("a JPEG is shown inline as image/jpeg, still under the locked-down policy", async () => {
      await signInAs(w.asha);
      const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
      const id = await customerSendsFile("image", { mime_type: "image/jpeg", caption: "box" }, jpeg);
      const res = await get(id);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/jpeg");
      expect(res.headers.get("content-disposition")).toBeNull();
      expectLockedDown(res);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(jpeg);
    });

    it("a file of an unknown type downloads, with a safe ASCII name and the UTF-8 name beside it", async () => {
      await signInAs(w.asha);
      const id = await customerSendsFile(
        "document",
        { mime_type: "application/x-made-up", filename: 'Rechnung "März"\r\n;x.bin' },
        Buffer.from("??"),
      );
      const res = await get(id);
      expect(res.headers.get("content-type")).toBe("application/octet-stream");
      expect(res.headers.get("content-disposition")).toBe(
        `attachment; filename="Rechnung _M_rz_ _x.bin"; filename*=UTF-8''Rechnung%20%22M%C3%A4rz%22%20%3Bx.bin`,
      );
      expectLockedDown(res);
    });

    it("audio and video of the allowed types play inline; other audio downloads", async () => {
      await signInAs(w.asha);
      const ogg = await customerSendsFile(
        "audio",
        { mime_type: "audio/ogg; codecs=opus", voice: true },
        bytes,
      );
      const mp4 = await customerSendsFile("video", { mime_type: "video/mp4" }, bytes);
      const amr = await customerSendsFile("audio", { mime_type: "audio/amr" }, bytes);
      expect((await get(ogg)).headers.get("content-type")).toBe("audio/ogg");
      expect((await get(mp4)).headers.get("content-type")).toBe("video/mp4");
      const refused = await get(amr);
      expect(refused.headers.get("content-type")).toBe("application/octet-stream");
      expect(refused.headers.get("content-disposition")).toMatch(/^attachment;/);
    });
  });

  it("keeps the exact bytes, including bytes that are not valid UTF-8, in a bytea column", async () => {
    await signInAs(w.asha);
    const binary = Buffer.from([
      0x00, 0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0x80, 0x00, 0x0a, 0x0d, 0x5c, 0x78,
    ]);
    const id = await customerSendsFile(
      "document",
      { mime_type: "application/pdf", filename: "a.pdf" },
      binary,
    );
    expect(Buffer.from(await (await get(id)).arrayBuffer())).toEqual(binary);
    const [row] = await ctx.db.select().from(mediaCache).where(eq(mediaCache.mediaId, id));
    expect(Buffer.isBuffer(row.bytes)).toBe(true);
    expect(row.bytes.equals(binary)).toBe(true);
    const { rows } = await columnType(ctx);
    expect(rows).toEqual([{ column_name: "bytes", data_type: "bytea" }]);
    // served from the cache, the same bytes again
    graph.reset();
    expect(Buffer.from(await (await get(id)).arrayBuffer())).toEqual(binary);
    expect(graph.downloads()).toHaveLength(0);
  });

  describe("downloads have a size cap", () => {
    const overImageCap = Buffer.alloc(5 * 1024 * 1024 + 1, 7);

    it("an image announced larger than 5 MB is refused from its content-length and nothing is cached", async () => {
      await signInAs(w.asha);
      const id = await customerSendsFile("image", { mime_type: "image/jpeg" }, overImageCap);
      const res = await get(id);
      expect(res.status).toBe(502);
      expect(await res.text()).toMatch(/larger than 5 MB/);
      expectLockedDown(res);
      expect(await ctx.db.select().from(mediaCache).where(eq(mediaCache.mediaId, id))).toHaveLength(0);
    });

    it("an image streamed without a content-length is counted and cut off past 5 MB", async () => {
      await signInAs(w.asha);
      const id = await customerSendsFile("image", { mime_type: "image/png" }, overImageCap, {
        withoutLength: true,
      });
      const res = await get(id);
      expect(res.status).toBe(502);
      expect(await res.text()).toMatch(/larger than 5 MB/);
      expect(await ctx.db.select().from(mediaCache).where(eq(mediaCache.mediaId, id))).toHaveLength(0);
    });

    it("a document of the same size is under the 100 MB document cap and is served", async () => {
      await signInAs(w.asha);
      const id = await customerSendsFile(
        "document",
        { mime_type: "application/pdf", filename: "big.pdf" },
        overImageCap,
        { withoutLength: true },
      );
      const res = await get(id);
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBe(overImageCap.length);
    });
  });

  it("concurrent requests for one file not yet cached share one download from WhatsApp", async () => {
    await signInAs(w.asha);
    let open!: () => void;
    const gate = new Promise<void>((r) => {
      open = r;
    });
    const file = Buffer.from("shared download");
    const id = await customerSendsFile("image", { mime_type: "image/png" }, file, { gate });
    graph.reset();
    let settled = false;
    const answers = Promise.all(Array.from({ length: 5 }, () => get(id))).finally(() => {
      settled = true;
    });
    // Hold the file until the first download has reached WhatsApp, so the others are in flight.
    const deadline = Date.now() + 10_000;
    while (graph.downloads().length === 0 && !settled && Date.now() < deadline)
      await new Promise((r) => setImmediate(r));
    open();
    const all = await answers;
    for (const res of all) {
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(file);
    }
    expect(graph.downloads()).toHaveLength(1);
    expect(graph.requests.filter((r) => r.path === `/${id}`)).toHaveLength(1);
  });

  it("in simulator mode serves what the simulator uploaded", async () => {
    await ctx.db.insert(mediaCache).values({
      mediaId: "sim00000000000000000001",
      businessId: w.biz.id,
      mimeType: "image/jpeg",
      bytes: Buffer.from("jpeg"),
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

/** The declared type of media_cache's byte column, as the database reports it. */
async function columnType(ctx: { raw: import("../../db/client").RawClient }) {
  const q = `select column_name, data_type from information_schema.columns
             where table_name = 'media_cache' and column_name in ('bytes', 'bytes_base64')`;
  if (ctx.raw.kind === "pglite") return ctx.raw.pg.query<{ column_name: string; data_type: string }>(q);
  return { rows: [...(await ctx.raw.sql.unsafe(q))] };
}
