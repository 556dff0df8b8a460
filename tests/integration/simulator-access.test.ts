import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { type Db, setGlobalClient } from "../../db/client";
import { customers, mediaCache, messages } from "../../db/schema";
import { isPhoneUnreachable } from "../../lib/whatsapp/simulator/phones";
import { simulatorNumbers } from "../../lib/whatsapp/simulator/store";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId, type World } from "../helpers/factory";
import { installTestConfig } from "../helpers/webhook-fixtures";

// The routes read the signed-in member through lib/session; each test chooses who that is.
const current = vi.hoisted(() => ({ member: null as null | { id: string; businessId: string } }));
vi.mock("../../lib/session", () => ({ getCurrentMember: async () => current.member }));

const routes = {
  send: () => import("../../app/api/simulator/send/route"),
  thread: () => import("../../app/api/simulator/thread/route"),
  read: () => import("../../app/api/simulator/read/route"),
  phone: () => import("../../app/api/simulator/phone/route"),
  media: () => import("../../app/api/simulator/media/[id]/route"),
};

const post = (path: string, body: unknown) =>
  new Request(`http://127.0.0.1/api/simulator/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const get = (pathAndQuery: string) => new Request(`http://127.0.0.1/api/simulator/${pathAndQuery}`);

/** What a simulator request could change. */
async function snapshot(db: Db) {
  const [[m], [c], [media]] = await Promise.all([
    db.select({ n: count() }).from(messages),
    db.select({ n: count() }).from(customers),
    db.select({ n: count() }).from(mediaCache),
  ]);
  return { messages: m.n, customers: c.n, media: media.n, names: await db.select().from(customers) };
}

const PNG_1PX = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

describeEachDb("the simulator: signed-in members, their own business's numbers only", (ctx) => {
  let demo: World;
  let globex: World;
  let waId: string;
  let mediaId: string;
  // The simulator posts to this server's own webhook route over HTTP: a real server in front of
  // the real route handler stands in for server.ts.
  let server: Server;

  beforeAll(async () => {
    const { POST } = await import("../../app/api/webhooks/whatsapp/route");
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const r = await POST(
        new Request(`http://127.0.0.1${req.url}`, {
          method: "POST",
          headers: req.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        }),
      );
      res.writeHead(r.status).end(await r.text());
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    installTestConfig({ PORT: String((server.address() as AddressInfo).port) });
    setGlobalClient(ctx.raw);
    demo = await makeBusiness(ctx.db);
    globex = await makeBusiness(ctx.db);
    waId = newWaId();
    await customerSays(ctx.db, demo.numbers[0].phoneNumberId, waId, "Hello Demo");
    mediaId = `sim${"ab".repeat(10)}`;
    await ctx.db
      .insert(mediaCache)
      .values({ mediaId, businessId: demo.biz.id, mimeType: "image/png", bytes: PNG_1PX });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    current.member = null;
  });

  const demoNumber = () => demo.numbers[0].phoneNumberId;
  const sendBody = (extra: Record<string, unknown> = {}) => ({
    phoneNumberId: demoNumber(),
    waId,
    name: "Renamed By Someone",
    text: "injected",
    ...extra,
  });

  /** Every simulator route, as (name, call). */
  const everyRoute = () =>
    [
      ["POST send", async () => (await routes.send()).POST(post("send", sendBody()))],
      [
        "GET thread",
        async () => (await routes.thread()).GET(get(`thread?phoneNumberId=${demoNumber()}&waId=${waId}`)),
      ],
      [
        "POST read",
        async () => (await routes.read()).POST(post("read", { phoneNumberId: demoNumber(), waId })),
      ],
      [
        "GET phone",
        async () => (await routes.phone()).GET(get(`phone?phoneNumberId=${demoNumber()}&waId=${waId}`)),
      ],
      [
        "POST phone",
        async () =>
          (await routes.phone()).POST(
            post("phone", { phoneNumberId: demoNumber(), waId, unreachable: true }),
          ),
      ],
      [
        "GET media",
        async () =>
          (await routes.media()).GET(get(`media/${mediaId}`), { params: Promise.resolve({ id: mediaId }) }),
      ],
    ] as const;

  it("refuses every route to an anonymous caller with 401, changing nothing", async () => {
    const before = await snapshot(ctx.db);
    for (const [name, call] of everyRoute()) {
      const res = await call();
      expect(res.status, name).toBe(401);
      expect(await res.text(), name).not.toContain("Hello Demo");
    }
    expect(await snapshot(ctx.db)).toEqual(before);
    expect(isPhoneUnreachable(demoNumber(), waId)).toBe(false);
  });

  it("answers another business's member 404 on every route, as if the number did not exist", async () => {
    current.member = { id: globex.owner.id, businessId: globex.biz.id };
    const before = await snapshot(ctx.db);
    for (const [name, call] of everyRoute()) {
      const res = await call();
      expect(res.status, name).toBe(404);
      // Media answers are plain text (sandboxed like every media answer), the others JSON.
      expect(await res.text(), name).not.toContain("Hello Demo");
    }
    expect(await snapshot(ctx.db)).toEqual(before);
    expect(isPhoneUnreachable(demoNumber(), waId)).toBe(false);
  });

  it("lists only the caller's own business's numbers", async () => {
    const listed = await simulatorNumbers(ctx.db, globex.biz.id);
    expect(listed.map((n) => n.phoneNumberId).sort()).toEqual(
      globex.numbers.map((n) => n.phoneNumberId).sort(),
    );
  });

  it("lets a member play a customer of their own number: the message reaches the inbox", async () => {
    current.member = { id: demo.asha.id, businessId: demo.biz.id };
    const res = await (await routes.send()).POST(post("send", sendBody({ text: "From the simulator" })));
    expect(res.status).toBe(200);
    const thread = await (await routes.thread()).GET(
      get(`thread?phoneNumberId=${demoNumber()}&waId=${waId}`),
    );
    expect(thread.status).toBe(200);
    const { messages: chat } = (await thread.json()) as { messages: { body: string | null }[] };
    // (Webhook timestamps are whole seconds, so the two may sort either way within one second.)
    expect(chat.map((m) => m.body).sort()).toEqual(["From the simulator", "Hello Demo"]);
    const media = await (await routes.media()).GET(get(`media/${mediaId}`), {
      params: Promise.resolve({ id: mediaId }),
    });
    expect(media.status).toBe(200);
  });

  it("refuses a body over the size cap with 413, storing nothing", async () => {
    current.member = { id: demo.asha.id, businessId: demo.biz.id };
    const before = await snapshot(ctx.db);
    const huge = JSON.stringify(
      sendBody({ text: undefined, image: { base64: "A".repeat(9 * 1024 * 1024), mimeType: "image/png" } }),
    );
    expect((await (await routes.send()).POST(post("send", huge))).status).toBe(413);
    const big = JSON.stringify({ phoneNumberId: demoNumber(), waId, pad: "x".repeat(64 * 1024) });
    expect((await (await routes.read()).POST(post("read", big))).status).toBe(413);
    expect(
      (await (await routes.phone()).POST(post("phone", { ...JSON.parse(big), unreachable: true }))).status,
    ).toBe(413);
    expect(await snapshot(ctx.db)).toEqual(before);
  });

  it("refuses malformed bodies and queries with 400, changing nothing", async () => {
    current.member = { id: demo.asha.id, businessId: demo.biz.id };
    const before = await snapshot(ctx.db);
    expect((await (await routes.send()).POST(post("send", "{not json"))).status).toBe(400);
    expect((await (await routes.send()).POST(post("send", { ...sendBody(), waId: "x" }))).status).toBe(400);
    expect((await (await routes.thread()).GET(get("thread?phoneNumberId=abc&waId=1"))).status).toBe(400);
    expect((await (await routes.phone()).GET(get("phone?waId=abc"))).status).toBe(400);
    expect(await snapshot(ctx.db)).toEqual(before);
  });
});
