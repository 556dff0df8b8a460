// Every route handler, page, server action and socket event of the built app, called with random,
// hostile and cross-tenant input as anonymous, as each Demo Co role, as a Globex member and as a
// deactivated member. Nothing may answer 5xx, a refused call may change nothing, a call by one
// business's member may never change another business's rows, and no answer may carry another
// business's data. Seeded (FUZZ_SEED) and bounded (FUZZ_ROUNDS) so a run is reproducible.
import { join } from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { members } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed";
import { deactivateMember } from "../../lib/services/members/manage";
import { type ActionEntry, actionCatalog, callAction } from "./fuzz/action-catalog";
import { type AppUnderTest, startApp } from "./fuzz/app-server";
import { changed, type Fingerprint, fingerprint } from "./fuzz/db-fingerprint";
import { type TenantData, tenantData } from "./fuzz/tenant-data";
import {
  HOSTILE_SCALARS,
  HOSTILE_STRINGS,
  type IdPool,
  prng,
  randomObject,
  randomString,
  randomValue,
  type Rng,
} from "./fuzz/random-input";
import { type RouteEntry, routeCatalog } from "./fuzz/route-catalog";
import { signIn } from "./fuzz/sign-in";

const ROOT = join(__dirname, "../..");
const SEED = Number(process.env.FUZZ_SEED ?? 8);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 1);
const PORT = Number(process.env.FUZZ_PORT ?? 3370);

/** Values that let a request past its other checks, e.g. /api/inbox/list needs a tab. */
const VALID_PARAMS: Record<string, string> = { tab: "open" };

/** Routes anyone may call signed out (SPEC §3, §8); everything else must refuse anonymous callers. */
const PUBLIC = [
  /^\/api\/auth\//,
  /^\/api\/health$/,
  /^\/api\/webhooks\/whatsapp$/,
  /^\/login$/,
  /^\/invite\//,
  // A password reset link: the token is the credential, like an invite's.
  /^\/reset\//,
  /^\/$/,
];

type Who = { label: string; cookie: string; businessId: string | null };

interface Finding {
  who: string;
  call: string;
  problem: string;
}

let app: AppUnderTest;
let demo: TenantData;
let globex: TenantData;
let people: Who[] = [];
let pool: IdPool;
const findings: Finding[] = [];
let calls = 0;
let refusedCalls = 0;

/** The tokens of the other business (or of both, for anonymous) that must never be in an answer. */
function forbiddenFor(who: Who): string[] {
  if (who.businessId === demo.businessId) return globex.secrets;
  if (who.businessId === globex.businessId) return demo.secrets;
  return [...demo.secrets, ...globex.secrets];
}

/** Judge one answered call. `request` is what was sent: a token echoed back is not a leak. */
function judge(
  who: Who,
  call: string,
  request: string,
  answer: { status: number; text: string; refused: boolean; internal?: boolean },
  before: Fingerprint,
  after: Fingerprint,
) {
  calls++;
  if (answer.refused) refusedCalls++;
  const add = (problem: string) => findings.push({ who: who.label, call, problem });
  if (answer.status >= 500 || answer.internal)
    add(
      `answered ${answer.status}${answer.internal ? " (internal error)" : ""}: ${answer.text.slice(0, 200)}`,
    );
  const leaked = forbiddenFor(who).filter((s) => answer.text.includes(s) && !request.includes(s));
  if (leaked.length) add(`answer carries another business's data: ${leaked.slice(0, 5).join(", ")}`);
  if (answer.refused) {
    const diff = changed(before, after);
    if (diff.length) add(`refused (${answer.status}) but changed ${diff.join(", ")}`);
  }
  for (const other of [demo, globex])
    if (other.businessId !== who.businessId) {
      const diff = changed(before, after, other.businessId);
      if (diff.length) add(`changed another business's rows: ${diff.join(", ")}`);
    }
}

function fillPath(r: Rng, path: string): string {
  return path
    .replace(/\[\.\.\.[^\]]+\]/g, () =>
      r.pick(["csrf", "session", "providers", "signin", "signout", "callback/credentials", "error", "x/y/z"]),
    )
    .replace(/\[[^\]]+\]/g, () => encodeURIComponent(randomString(r, pool).slice(0, 2000)));
}

function randomQuery(r: Rng, names: string[]): string {
  const q = new URLSearchParams();
  for (const n of names) if (r.chance(0.6)) q.set(n, randomString(r, pool).slice(0, 3000));
  if (r.chance(0.2)) q.set(r.pick(HOSTILE_STRINGS) || "x", r.pick(HOSTILE_STRINGS));
  const s = q.toString();
  return s ? `?${s}` : "";
}

function randomBody(r: Rng): { body: string; type: string } {
  switch (r.int(7)) {
    case 0:
      return { body: "{", type: "application/json" };
    case 1:
      return { body: JSON.stringify({ blob: "x".repeat(1_500_000) }), type: "application/json" };
    case 2:
      return {
        body: new URLSearchParams({ a: randomString(r, pool) }).toString(),
        type: "application/x-www-form-urlencoded",
      };
    case 3:
    case 4:
      // Plausible: the shapes the simulator and test routes accept, naming either business's number.
      return {
        body: JSON.stringify({
          action: r.pick(["create", "deactivate"]),
          email: `fuzz.${r.int(1e9)}@demo.test`,
          name: "Fuzz Person",
          phoneNumberId: r.pick([...demo.digits, ...globex.digits]),
          waId: "15550001234",
          text: "hello from the fuzz",
          unreachable: r.chance(0.5),
        }),
        type: "application/json",
      };
    default:
      return { body: JSON.stringify(randomObject(r, pool)), type: "application/json" };
  }
}

async function fuzzRoute(r: Rng, who: Who, route: RouteEntry, method: string, query?: string) {
  if (!route.methods.includes(method)) return;
  const url = `${fillPath(r, route.path)}${query ?? randomQuery(r, route.params)}`;
  const init: RequestInit = { method, redirect: "manual", headers: { cookie: who.cookie, origin: app.base } };
  let sent = url;
  if (method !== "GET") {
    const b = randomBody(r);
    init.body = b.body;
    (init.headers as Record<string, string>)["content-type"] = b.type;
    sent += b.body;
  }
  const before = await fingerprint(app.db);
  const res = await fetch(`${app.base}${url}`, init).catch((e: Error) => ({
    status: 599,
    text: async () => e.message,
  }));
  const text = await res.text();
  const after = await fingerprint(app.db);
  const call = `${method} ${url.slice(0, 160)}`;
  judge(who, call, sent, { status: res.status, text, refused: res.status >= 400 }, before, after);
  const isPublic = PUBLIC.some((p) => p.test(url.split("?")[0]));
  if (!who.businessId && !isPublic && res.status < 300)
    findings.push({
      who: who.label,
      call,
      problem: `anonymous caller answered ${res.status} instead of a refusal`,
    });
}

function randomArgs(r: Rng, who: Who, a: ActionEntry): unknown[] | FormData {
  // Form actions (sign-in, accept invite) take (previous state, FormData).
  if (/signIn|acceptInvite/.test(a.name)) {
    // encodeReply sends a FormData argument as "$K<n>", its fields prefixed "<n>_".
    const f = new FormData();
    for (const k of ["email", "password", "token", "name"])
      if (r.chance(0.7)) f.set(`1_${k}`, randomString(r, pool).slice(0, 500));
    f.set("0", JSON.stringify([null, "$K1"]));
    return f;
  }
  // Valid-looking: the right field names, naming the other business's objects.
  const other = who.businessId === globex.businessId ? demo : globex;
  if (r.chance(0.4))
    return [
      {
        conversationId: r.pick(other.conversationIds),
        targetMemberId: r.pick(other.memberIds),
        memberId: r.pick(other.memberIds),
        fromMemberId: r.pick(other.memberIds),
        toMemberId: r.chance(0.5) ? null : r.pick(other.memberIds),
        conversationIds: other.conversationIds.slice(0, 2),
        templateId: r.pick(other.templateIds.length ? other.templateIds : other.memberIds),
        messageId: r.pick(other.messageIds),
        numberId: r.pick(other.numberIds),
        campaignId: r.pick(other.memberIds),
        inviteId: r.pick(other.memberIds),
        role: r.pick(["agent", "manager", "admin", "owner"]),
        text: "cross-tenant",
        name: "Renamed by a stranger",
        minutes: 60,
        active: false,
        params: [],
      },
    ];
  return Array.from({ length: r.int(3) }, () => randomValue(r, pool));
}

/**
 * Actions whose whole point is to end the caller's sessions (they take no input): called in the
 * random rounds they would sign every later call out. They run once per person at the end of the
 * action pass instead, and everyone signs in again afterwards.
 */
const ENDS_SESSIONS = /^signOut/;

/** Bodies no real client sends: React's decoder must refuse them, not the server crash. */
const MALFORMED_ACTION_BODIES = ["[", '["$Q1"]', '"not an array"', `${"[".repeat(5000)}`];

async function fuzzAction(r: Rng, who: Who, a: ActionEntry, raw?: string, endsSessions = false) {
  const args = randomArgs(r, who, a);
  const before = await fingerprint(app.db);
  const versionsBefore = endsSessions ? await sessionVersions() : null;
  const ans = await callAction(app.base, who.cookie, a, args, raw).catch((e: Error) => ({
    status: 599,
    text: e.message,
    value: undefined,
  }));
  const after = await fingerprint(app.db);
  const v = ans.value as { ok?: boolean; code?: string } | undefined;
  const sent = raw ?? (args instanceof FormData ? JSON.stringify([...args.entries()]) : JSON.stringify(args));
  judge(
    who,
    `action ${a.name} (${a.file}) ${sent.slice(0, 160)}`,
    sent,
    {
      status: ans.status,
      text: ans.text,
      // A sign-out answers with a redirect, not a result: it is judged by what it changed.
      refused: endsSessions ? false : ans.status >= 300 || v?.ok !== true,
      internal: v?.code === "internal",
    },
    before,
    after,
  );
  if (versionsBefore) {
    // The fingerprint is per business: which member rows moved comes from their session versions.
    const versionsAfter = await sessionVersions();
    const own = memberIdOf(who);
    const moved = Object.keys(versionsAfter).filter((id) => versionsAfter[id] !== versionsBefore[id]);
    const problems = [
      ...moved.filter((id) => id !== own).map((id) => `ended the sessions of member ${id}`),
      ...changed(before, after).filter(
        (k) => !(own && moved.includes(own) && k === `members/${who.businessId}`),
      ),
    ];
    if (problems.length)
      findings.push({ who: who.label, call: `action ${a.name}`, problem: problems.join(", ") });
  }
}

/** member id → session version: what ending someone's sessions moves. */
async function sessionVersions(): Promise<Record<string, number>> {
  const rows = await app.db.select({ id: members.id, v: members.sessionVersion }).from(members);
  return Object.fromEntries(rows.map((m) => [m.id, m.v]));
}

const EMAILS: Record<string, string> = {};

function memberIdOf(who: Who): string | undefined {
  const email = EMAILS[who.label];
  return email ? (who.businessId === demo.businessId ? demo : globex).memberByEmail(email) : undefined;
}

/** A new session for everyone who can still sign in (the deactivated member cannot). */
async function signInAgain(who: Who): Promise<Who> {
  const email = EMAILS[who.label];
  if (!email || who.label.startsWith("deactivated")) return who;
  return { ...who, cookie: await signIn(app.base, email, DEMO_PASSWORD) };
}

describe("fuzz of every route, action and socket event", () => {
  beforeAll(async () => {
    app = await startApp({ port: PORT });
    demo = await tenantData(app.db, "Demo Co", ROOT);
    globex = await tenantData(app.db, "Globex", ROOT);
    pool = {
      ids: [...demo.ids, ...globex.ids, "00000000-0000-4000-8000-000000000000"],
      digits: [...demo.digits, ...globex.digits, "1", "0".repeat(25)],
    };
    const as = async (label: string, email: string, businessId: string) => {
      EMAILS[label] = email;
      return { label, cookie: await signIn(app.base, email, DEMO_PASSWORD), businessId };
    };
    people = [
      { label: "anonymous", cookie: "", businessId: null },
      await as("Demo Co owner", "owner@demo.test", demo.businessId),
      await as("Demo Co admin", "admin@demo.test", demo.businessId),
      await as("Demo Co manager", "manager@demo.test", demo.businessId),
      await as("Demo Co agent", "asha@demo.test", demo.businessId),
      await as("Globex owner", "owner@globex.test", globex.businessId),
    ];
    // Signed in while active, then deactivated: the cookie still exists, the member does not.
    const ben = await as("deactivated Demo Co agent", "ben@demo.test", demo.businessId);
    const r = await deactivateMember(app.db, {
      actorId: demo.memberByEmail("owner@demo.test"),
      memberId: demo.memberByEmail("ben@demo.test"),
    });
    expect(r.ok).toBe(true);
    people.push(ben);
    // The sessions are real: each member reads their counts, the deactivated one is refused.
    for (const who of people) {
      const res = await fetch(`${app.base}/api/inbox/counts`, { headers: { cookie: who.cookie } });
      const signedIn = who.businessId !== null && !who.label.startsWith("deactivated");
      expect([who.label, res.status === 200]).toEqual([who.label, signedIn]);
    }
  });

  afterAll(async () => {
    await app?.stop();
  });

  it("no route handler or page answers 5xx, leaks another business's data, or changes anything when it refuses", async () => {
    const r = prng(SEED);
    const routes = routeCatalog(ROOT);
    expect(routes.filter((x) => x.kind === "api").length).toBeGreaterThan(10);
    for (let round = 0; round < ROUNDS; round++)
      for (const who of people)
        for (const route of routes)
          for (const method of route.methods)
            for (let i = 0; i < (route.kind === "api" ? 3 : 1); i++) await fuzzRoute(r, who, route, method);
    report("routes");
  });

  it("every query parameter of every route and page, given each hostile value, answers without 5xx", async () => {
    // Systematic where the random pass is thin: one parameter at a time, each hostile string, as the
    // owner (who can reach every page), so `?limit=1.5` or `?from=2024-13-01` is always tried.
    const owner = people[1];
    const r = prng(SEED + 4);
    for (const route of routeCatalog(ROOT).filter((x) => x.kind === "api" || x.readsQuery))
      for (const name of route.params)
        for (const v of route.kind === "api"
          ? HOSTILE_STRINGS.filter((x) => x.length < 100)
          : HOSTILE_SCALARS) {
          // The other parameters valid, so the hostile one reaches its parser.
          const q = new URLSearchParams({ ...VALID_PARAMS, [name]: v });
          const path = route.path.replace(/\[(?!\.\.\.)[^\]]+\]/g, demo.conversationIds[0]);
          await fuzzRoute(r, owner, { ...route, path }, "GET", `?${q}`);
        }
    report("one hostile parameter at a time");
  });

  it("no server action answers 5xx, leaks another business's data, or changes anything when it refuses", async () => {
    const r = prng(SEED + 1);
    const actions = actionCatalog(ROOT);
    expect(actions.length).toBeGreaterThan(20);
    for (let round = 0; round < ROUNDS; round++)
      for (const who of people)
        for (const a of actions.filter((x) => !ENDS_SESSIONS.test(x.name)))
          for (let i = 0; i < 3; i++) await fuzzAction(r, who, a);
    // Ending one's own sessions changes one's own member row (its session version) and nothing else.
    for (const who of people)
      for (const a of actions.filter((x) => ENDS_SESSIONS.test(x.name)))
        await fuzzAction(r, who, a, undefined, true);
    people = await Promise.all(people.map(signInAgain));
    report("actions");
  });

  it("a server action called with a malformed body is refused with a 4xx, not a 5xx", async () => {
    const r = prng(SEED + 3);
    const actions = actionCatalog(ROOT);
    for (const body of MALFORMED_ACTION_BODIES)
      for (const who of [people[0], people[1]]) await fuzzAction(r, who, r.pick(actions), body);
    report("malformed action bodies");
  });

  it("the test-only routes do not exist on a server started without SWITCHBOARD_E2E", async () => {
    // What an attacker would try first on a deployment: make themselves a member, expire invites.
    const r = prng(SEED + 5);
    const testRoutes = routeCatalog(ROOT).filter((x) => x.path.startsWith("/api/test/"));
    expect(testRoutes.map((x) => x.path).sort()).toEqual(["/api/test/invites", "/api/test/members"]);
    for (const who of [people[0], people[1]])
      for (const route of testRoutes)
        for (const body of [
          { action: "create", email: `intruder.${r.int(1e9)}@demo.test`, name: "Intruder" },
          { action: "deactivate", email: "owner@demo.test" },
          { action: "expire", url: `${app.base}/invite/abc` },
        ]) {
          const before = await fingerprint(app.db);
          const res = await fetch(`${app.base}${route.path}`, {
            method: "POST",
            headers: { cookie: who.cookie, origin: app.base, "content-type": "application/json" },
            body: JSON.stringify(body),
          });
          const after = await fingerprint(app.db);
          const call = `POST ${route.path} ${JSON.stringify(body)}`;
          judge(
            who,
            call,
            call,
            { status: res.status, text: await res.text(), refused: true },
            before,
            after,
          );
          if (res.status !== 404)
            findings.push({ who: who.label, call, problem: `answered ${res.status}, not 404` });
        }
    report("test-only routes");
  });

  it("socket events with random payloads change nothing, reach no other business and keep the server up", async () => {
    const r = prng(SEED + 2);
    const sockets: { who: Who; s: Socket; got: string[] }[] = [];
    for (const who of people) {
      const s = connect(app.base, {
        transports: ["websocket"],
        extraHeaders: { cookie: who.cookie },
        reconnection: false,
      });
      const got: string[] = [];
      s.onAny((event, payload) => got.push(`${event} ${JSON.stringify(payload)}`));
      const ok = await new Promise<boolean>((res) => {
        s.once("connect", () => res(true));
        s.once("connect_error", () => res(false));
      });
      // Anonymous and deactivated members must be refused at the handshake.
      const shouldConnect = who.businessId !== null && !who.label.startsWith("deactivated");
      if (ok !== shouldConnect)
        findings.push({
          who: who.label,
          call: "socket handshake",
          problem: `connected: ${ok}, expected ${shouldConnect}`,
        });
      if (ok) sockets.push({ who, s, got });
    }
    const events = ["conversation.view", "conversation.typing", "presence.away", "bogus.event"];
    const before = await fingerprint(app.db);
    for (let i = 0; i < 400; i++) {
      const { who, s } = r.pick(sockets);
      const other = who.businessId === globex.businessId ? demo : globex;
      const payload = r.chance(0.5)
        ? { conversationId: r.pick(other.conversationIds), typing: true, away: r.chance(0.5) }
        : randomValue(r, pool);
      s.emit(r.pick(events), payload);
      calls++;
    }
    // Wait until every socket's answers have arrived: a round trip through each one.
    await Promise.all(
      sockets.map(({ s }) =>
        s
          .timeout(5000)
          .emitWithAck("bogus.ping")
          .catch(() => null),
      ),
    );
    const after = await fingerprint(app.db);
    for (const { who, got } of sockets) {
      const leaked = forbiddenFor(who).filter((t) => got.some((g) => g.includes(t)));
      if (leaked.length)
        findings.push({
          who: who.label,
          call: "socket events",
          problem: `received another business's data: ${leaked.join(", ")}`,
        });
    }
    if (changed(before, after).length)
      findings.push({
        who: "sockets",
        call: "socket events",
        problem: `changed ${changed(before, after).join(", ")}`,
      });
    for (const { s } of sockets) s.close();
    expect((await fetch(`${app.base}/api/health`)).status).toBe(200);
    report("sockets");
  });
});

/** One line per distinct problem (same call shape, same problem), then fail with them all. */
function report(part: string) {
  const seen = new Map<string, Finding & { times: number }>();
  for (const f of findings) {
    const key = `${f.who}|${f.call
      .split(/[?\s{[]/)
      .slice(0, 3)
      .join(" ")}|${f.problem.slice(0, 60)}`;
    const s = seen.get(key);
    if (s) s.times++;
    else seen.set(key, { ...f, times: 1 });
  }
  const lines = [...seen.values()].map(
    (f) => `${f.who} — ${f.call} — ${f.problem}${f.times > 1 ? ` (×${f.times})` : ""}`,
  );
  const total = calls;
  // How many calls went through shows the fuzz reached past the input checks.
  console.log(`${part}: ${total} calls, ${refusedCalls} refused, ${total - refusedCalls} accepted`);
  findings.length = 0;
  calls = 0;
  refusedCalls = 0;
  expect(lines, `${part}: ${total} calls, seed ${SEED}`).toEqual([]);
}
