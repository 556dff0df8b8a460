import type { Member } from "../../../db/schema";
import { ROLES } from "../../../lib/domain/roles";
import { presentSession } from "./cells";
import type { Fixture } from "./fixture";
import { account, changedMembers, memberRows, reload, submit } from "./form-calls";
import { changedTables, snapshot } from "./snapshot";
import type { Account, FormActionEntry, FormCase, FormOutcome } from "./types";

/**
 * The cells of one form action. A public form (sign-in, invite, reset) is sent by nobody, by an
 * active agent and owner, by a deactivated member, with a stale session and by another
 * business's member: each must get the same answer, a valid credential working for its own
 * member only and a bad one changing nothing. A signed-in form (Account, sign-out) must refuse a
 * deactivated member, a stale session and no session, changing nothing, and for an active member
 * of every role act on their own row alone, though the form names another member.
 */
type FormFn = (prev: unknown, form: FormData) => Promise<unknown>;
type Session = { member: Member; version: number } | null;

interface Sent {
  label: string;
  session: Session;
  call: FormCase;
  /** tables a call may change besides the member rows FormCase allows: null for any */
  tables: string[] | null;
}

export async function checkFormAction(fx: Fixture, entry: FormActionEntry, fn: FormFn): Promise<string[]> {
  const problems: string[] = [];
  for (const s of entry.kind === "public" ? await publicCells(fx, entry) : await signedInCells(fx, entry))
    problems.push(...(await send(fx, fn, s)).map((p) => `${s.label}: ${p}`));
  return problems;
}

async function publicCells(
  fx: Fixture,
  entry: Extract<FormActionEntry, { kind: "public" }>,
): Promise<Sent[]> {
  const at = (member: Member, version = member.sessionVersion) => ({ member, version });
  const callers: [string, Session][] = [
    ["no session", null],
    // Role cannot matter to a public action, and each valid call hashes a password (argon2, slow
    // on purpose): the lowest and the highest role stand for all four.
    ["signed in as an active agent", at(fx.own.asha)],
    ["signed in as an active owner", at(fx.own.owner)],
    ["a deactivated member's session", at(fx.deactivated.owner)],
    ["a session from before the last sign-out", at(fx.own.owner, fx.own.owner.sessionVersion - 1)],
    ["another business's owner", at(fx.other.owner)],
  ];
  // A refused call leaves its credential as it was, so every caller can send the same bad one.
  const bad = await Promise.all(
    Object.entries(entry.bad).map(async ([what, make]) => ({ what, ...(await make(fx)) })),
  );
  const cells: Sent[] = [];
  for (const [who, session] of callers) {
    cells.push({ label: `${who}, a valid credential`, session, call: await entry.valid(fx), tables: null });
    for (const b of bad)
      cells.push({
        label: `${who}, ${b.what}`,
        session,
        call: { form: b.form, expect: b.expect, changes: { members: [], newMember: false } },
        // a failed password check is kept: it is what sign-in throttling counts
        tables: entry.attempts ? ["login_attempts"] : [],
      });
  }
  return cells;
}

async function signedInCells(fx: Fixture, entry: Extract<FormActionEntry, { kind: "signed-in" }>) {
  const own = { world: fx.own, own: true };
  const victims: [string, Account][] = [
    ["a member of their business", await account(fx, own, "owner")],
    ["another business's member", await account(fx, { world: fx.other, own: false }, "owner")],
  ];
  const asMe = (me: Account, expect: FormCase["expect"]) => ({
    ...expect,
    sessionOf: expect.sessionOf === "me" ? me.member.email : expect.sessionOf,
  });
  const refused = (label: string, me: Account, session: Session): Sent => ({
    label,
    session,
    call: {
      form: entry.form(me, victims[0][1]),
      expect: session ? entry.refused : (entry.signedOut ?? entry.refused),
      changes: { members: [], newMember: false },
    },
    tables: [],
  });
  const cells: Sent[] = [];
  for (const role of ROLES) {
    const gone = await account(fx, own, role, "deactivated");
    cells.push(
      refused(`${role}, deactivated`, gone, { member: gone.member, version: gone.member.sessionVersion }),
    );
    const stale = await account(fx, own, role, "signed-out-since");
    const staleSession = { member: stale.member, version: stale.member.sessionVersion - 1 };
    cells.push(refused(`${role}, session from before their last sign-out`, stale, staleSession));
    for (const [whom, victim] of victims) {
      const me = await account(fx, own, role);
      const before = me.member;
      cells.push({
        label: `${role}, active, the form naming ${whom}`,
        session: { member: me.member, version: me.member.sessionVersion },
        call: {
          form: entry.form(me, victim),
          expect: asMe(me, entry.allowed),
          changes: { members: [me.member.id], newMember: false },
          check: async () => entry.check(before, await reload(fx, me.member.id), me),
        },
        tables: ["members", "login_attempts"],
      });
    }
  }
  const anyone = await account(fx, own, "owner");
  cells.push(refused("no session", anyone, null));
  return cells;
}

async function send(fx: Fixture, fn: FormFn, s: Sent): Promise<string[]> {
  await presentSession(s);
  const [tablesBefore, rowsBefore] = [await snapshot(fx.db), await memberRows(fx)];
  const out = await submit(fn, s.call.form);
  const tables = changedTables(tablesBefore, await snapshot(fx.db));
  const rows = changedMembers(rowsBefore, await memberRows(fx));
  const problems: string[] = [];
  const want = s.call.expect;
  const got = await readable(fx, out);
  const wanted = { redirect: want.redirect, state: want.state, session: want.sessionOf };
  if (JSON.stringify(got) !== JSON.stringify(wanted))
    problems.push(`expected ${JSON.stringify(wanted)}, got ${JSON.stringify(got)}`);
  const stray = rows.written.filter((id) => !s.call.changes.members.includes(id));
  if (stray.length) problems.push(`changed members it may not: ${stray.join(", ")}`);
  const allowedCall = s.call.changes.members.length > 0 || s.call.changes.newMember;
  if (allowedCall && rows.written.length !== s.call.changes.members.length)
    problems.push("did not change the member it acts for");
  if (rows.added.length !== (s.call.changes.newMember ? 1 : 0))
    problems.push(`added ${rows.added.length} members`);
  if (s.tables) {
    const extra = tables.filter((t) => !s.tables!.includes(t));
    if (extra.length) problems.push(`changed ${extra.join(", ")}`);
  }
  if (typeof out.session === "object" && out.session) {
    const m = await reload(fx, out.session.memberId);
    if (m?.sessionVersion !== out.session.sessionVersion) problems.push("the new session is already stale");
  }
  const leaked = fx.otherIds.filter((id) => JSON.stringify(out.state ?? "").includes(id));
  if (leaked.length) problems.push(`answer names the other business's ${leaked.join(", ")}`);
  const wrong = problems.length === 0 && s.call.check ? await s.call.check() : null;
  if (wrong) problems.push(wrong);
  return problems;
}

/** The outcome with the session named by the email of its member. */
async function readable(fx: Fixture, out: FormOutcome) {
  let session: string | null = null;
  if (out.session === "cleared") session = "cleared";
  else if (out.session) session = (await reload(fx, out.session.memberId))?.email ?? "an unknown member";
  // JSON drops what a state leaves undefined, as the page would not see it either
  return { redirect: out.redirect, state: JSON.parse(JSON.stringify(out.state)), session };
}
