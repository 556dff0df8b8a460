/**
 * Permissions proven where requests arrive: every server action of lib/actions and every route
 * handler (every route.ts under app/; inventory.ts lists them, coverage.test.ts keeps that whole),
 * called as every role, on a target in the caller's own business and in another one, as an
 * active member, a deactivated one and with a session from before their last sign-out.
 * Refused cells must answer their refusal and change no table; allowed cells must succeed (and
 * a writing call must write), so the matrix fails both ways. Entries: actions-*.ts, routes-*.ts.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, afterAll, expect, it, vi } from "vitest";
import { setGlobalClient } from "../../../db/client";
import { describeEachDb } from "../../helpers/db";
import { installTestConfig } from "../../helpers/webhook-fixtures";
import { checkCall, cellsFor, inputCache, presentSession, refusals } from "./cells";
import { changedTables, snapshot } from "./snapshot";
import { buildFixture, type Fixture } from "./fixture";
import {
  ACTION_ENTRIES,
  actionKey,
  findActions,
  findRoutes,
  ROUTE_ENTRIES,
  routeKey,
  type FoundAction,
  type FoundRoute,
} from "./inventory";
import { AUTH_SECRET } from "./sign-in";
import type { RouteEntry } from "./types";

// Only Next's request context is stood in for: auth() reads the session cookie from it, as it
// does in a real request. Everything from Auth.js down to the database is the app's own.
vi.mock("next/headers", async () => {
  const { requestHeaders } = await import("./sign-in");
  return {
    headers: async () => requestHeaders(),
    cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => {} }),
  };
});
// A page cache to invalidate exists only inside Next.
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.stubEnv("AUTH_SECRET", AUTH_SECRET);

describeEachDb("permission matrix", (ctx) => {
  let fx: Fixture;
  let actions: Map<string, FoundAction>;
  let routes: Map<string, FoundRoute>;
  // The simulator posts its customer's messages to this server's own webhook URL: here a small
  // HTTP server hands them to the real webhook route handler.
  let selfServer: Server;

  beforeAll(async () => {
    selfServer = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const { POST } = await import("../../../app/api/webhooks/whatsapp/route");
      const answer = await POST(
        new Request("http://localhost/api/webhooks/whatsapp", {
          method: "POST",
          headers: req.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        }),
      );
      res.writeHead(answer.status).end(await answer.text());
    });
    await new Promise<void>((r) => selfServer.listen(0, "127.0.0.1", r));
    installTestConfig({ AUTH_SECRET, PORT: String((selfServer.address() as AddressInfo).port) });
    setGlobalClient(ctx.raw);
    fx = await buildFixture(ctx.db);
    actions = new Map((await findActions()).actions.map((a) => [actionKey(a.module, a.name), a]));
    routes = new Map((await findRoutes()).map((r) => [routeKey(r.file, r.method), r]));
  });
  afterAll(() => new Promise<void>((r) => selfServer.close(() => r())));

  for (const entry of ACTION_ENTRIES) {
    it(`${entry.module}.${entry.name} (${entry.needs})`, async () => {
      const fn = actions.get(actionKey(entry.module, entry.name))!.fn;
      const problems: string[] = [];
      const inputs = inputCache((cell) =>
        entry.input(fx, cell.side, cell.caller ?? { role: "owner", member: fx.own.owner }),
      );
      for (const cell of cellsFor(fx, entry.needs, entry.otherRefusal !== undefined)) {
        const input = await inputs.for(cell);
        await presentSession(cell);
        const refusalFor = refusals({
          signedOut: "signed_out",
          forbidden: entry.lowerRoleRefusal ?? "forbidden",
          other: entry.otherRefusal,
        });
        problems.push(
          ...(await checkCall(
            fx,
            cell,
            entry.mutates,
            async () => {
              const r = (await fn(input)) as { ok: boolean; code?: string };
              return { allowed: r.ok, refusal: r.code ?? "?", text: JSON.stringify(r) };
            },
            refusalFor,
          )),
        );
      }
      expect(problems).toEqual([]);
    });
  }

  const call = async (entry: RouteEntry, req: Awaited<ReturnType<RouteEntry["request"]>>) => {
    const handler = routes.get(routeKey(entry.file, entry.method))!.handler;
    const res = await handler(new Request(req.url, req.init), { params: Promise.resolve(req.params ?? {}) });
    const text = await res.text();
    const v =
      entry.verdict?.(res, text) ??
      (res.ok ? { allowed: true as const } : { allowed: false as const, status: res.status });
    return { allowed: v.allowed, refusal: v.allowed ? "" : String(v.status), text, status: res.status };
  };

  for (const entry of ROUTE_ENTRIES) {
    const needs = entry.needs;
    if (typeof needs === "object") {
      const [why, status] = "public" in needs ? [needs.public, needs.status] : [needs.disabled, 404];
      it(`${entry.method} ${entry.file} (${why})`, async () => {
        // Not a member's route: whoever calls (nobody, or an owner), the answer is the same.
        const problems: string[] = [];
        for (const caller of [null, { role: "owner" as const, member: fx.own.owner }]) {
          await presentSession({
            session: caller && { member: caller.member, version: caller.member.sessionVersion },
          });
          const before = await snapshot(fx.db);
          const res = await call(entry, await entry.request(fx, { world: fx.own, own: true }, caller));
          const changed = changedTables(before, await snapshot(fx.db));
          const who = caller ? "as an owner" : "without a session";
          if (res.status !== status) problems.push(`${who}: expected ${status}, got ${res.status}`);
          if (changed.length) problems.push(`${who}: changed ${changed.join(", ")}`);
        }
        expect(problems).toEqual([]);
      });
      continue;
    }
    it(`${entry.method} ${entry.file} (${needs})`, async () => {
      const problems: string[] = [];
      const requests = inputCache((cell) => entry.request(fx, cell.side, cell.caller));
      for (const cell of cellsFor(fx, needs, entry.otherStatus !== undefined)) {
        const req = await requests.for(cell);
        await presentSession(cell);
        const refusalFor = refusals({
          // health answers a signed-out caller like anyone else: 200 without the details
          signedOut: entry.verdict ? "403" : "401",
          forbidden: "403",
          other: String(entry.otherStatus),
        });
        problems.push(...(await checkCall(fx, cell, entry.mutates, () => call(entry, req), refusalFor)));
      }
      expect(problems).toEqual([]);
    });
  }
});
