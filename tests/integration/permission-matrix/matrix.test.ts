/**
 * Permissions proven where requests arrive: every server action of lib/actions and every route
 * handler (every route.ts under app/; inventory.ts lists them, coverage.test.ts keeps that whole),
 * called as every role, on a target in the caller's own business and in another one, as an
 * active member, a deactivated one and with a session from before their last sign-out.
 * Refused cells must answer their refusal and change no table; allowed cells must succeed (and
 * a writing call must write), so the matrix fails both ways. Entries: actions-*.ts, routes-*.ts.
 * The pages' form actions (app/**\/actions.ts) run their own cells (form-cells.ts): the public
 * ones answer every caller alike, the signed-in ones act on the session's member alone.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, afterAll, expect, it, vi } from "vitest";
import { checkFormAction } from "./form-cells";
import { setGlobalClient } from "../../../db/client";
import { describeEachDb } from "../../helpers/db";
import { installTestConfig } from "../../helpers/webhook-fixtures";
import { checkCall, cellsFor, inputCache, presentSession, refusals } from "./cells";
import { changedTables, snapshot } from "./snapshot";
import { buildFixture, type Fixture } from "./fixture";
import {
  ACTION_ENTRIES,
  actionKey,
  FORM_ACTION_ENTRIES,
  findActions,
  findFormActions,
  findRoutes,
  ROUTE_ENTRIES,
  routeKey,
  type FoundAction,
  type FoundFormAction,
  type FoundRoute,
} from "./inventory";
import { AUTH_SECRET } from "./sign-in";
import type { RouteEntry } from "./types";

// Only Next's request context is stood in for: auth() reads the session cookie from it, as it
// does in a real request. Everything from Auth.js down to the database is the app's own.
vi.mock("next/headers", async () => {
  const { requestContext, requestHeaders } = await import("./sign-in");
  return {
    headers: async () => requestHeaders(),
    // what a sign-in or sign-out sets on the answer is kept, to tell whom it signed in
    cookies: async () => ({
      get: () => undefined,
      getAll: () => [],
      has: () => false,
      set: (name: string, value: string) => requestContext.setCookies.push({ name, value }),
    }),
  };
});
// A page cache to invalidate exists only inside Next.
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.stubEnv("AUTH_SECRET", AUTH_SECRET);

describeEachDb("permission matrix", (ctx) => {
  let fx: Fixture;
  let actions: Map<string, FoundAction>;
  let routes: Map<string, FoundRoute>;
  let forms: Map<string, FoundFormAction>;
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
    forms = new Map((await findFormActions()).map((f) => [actionKey(f.file, f.name), f]));
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

  for (const entry of FORM_ACTION_ENTRIES) {
    it(`${entry.file} ${entry.name} (form, ${entry.kind})`, async () => {
      const fn = forms.get(actionKey(entry.file, entry.name))!.fn;
      expect(await checkFormAction(fx, entry, fn)).toEqual([]);
      // argon2 hashing on every valid call: minutes, not seconds, beside the rest of the suite
    }, 240_000);
  }

  /** Runs `run`, taking off the output only what Auth.js logs with error type `type`; counts those. */
  const withExpectedLog = async <T>(type: string | undefined, run: () => Promise<T>) => {
    if (!type) return { result: await run(), logged: 0 };
    const original = console.error;
    let logged = 0;
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      if ((args[0] as { type?: unknown } | undefined)?.type === type) logged++;
      else original(...args);
    });
    try {
      return { result: await run(), logged };
    } finally {
      spy.mockRestore();
    }
  };

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
          const req = await entry.request(fx, { world: fx.own, own: true }, caller);
          const { result: res, logged } = await withExpectedLog(entry.logs, () => call(entry, req));
          const changed = changedTables(before, await snapshot(fx.db));
          const who = caller ? "as an owner" : "without a session";
          if (entry.logs && logged !== 1)
            problems.push(`${who}: expected one ${entry.logs} logged, got ${logged}`);
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
