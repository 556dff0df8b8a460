import type { Member } from "../../../db/schema";
import { can, ROLES, type Role } from "../../../lib/domain/roles";
import { type Fixture, peer, type Side } from "./fixture";
import { signInAs, signOut } from "./sign-in";
import { changedTables, snapshot } from "./snapshot";
import type { Caller, Needs } from "./types";

/**
 * The cells of the matrix for one entry: every role, calling with a target in their own
 * business or in the other one, as an active member, as a deactivated one, and with a session
 * from before their last sign-out; plus an anonymous call.
 */
export type Expect = { allowed: true } | { allowed: false; refusal: Refusal };
/** A lower role naming another business's target may be refused for either reason. */
export type Refusal = "signed_out" | "forbidden" | "other" | "forbidden_or_other";

export interface Cell {
  label: string;
  /**
   * Cells with the same key may share one input while it is unused: a refused call leaves its
   * target as it was, an allowed one uses it up. (Signed-out cells come first for that reason.)
   */
  inputKey: string;
  /** who the session cookie names (null: no cookie) and under which session version */
  session: { member: Member; version: number } | null;
  caller: Caller | null;
  side: Side;
  expect: Expect;
}

export function allowed(role: Role, needs: Needs): boolean {
  return needs === "signed-in" || can(role, needs);
}

export function cellsFor(fx: Fixture, needs: Needs, hasOther: boolean): Cell[] {
  const own: Side = { world: fx.own, own: true };
  const other: Side = { world: fx.other, own: false };
  const cells: Cell[] = [];
  for (const role of ROLES) {
    const member = peer(own, role);
    const caller = { role, member };
    const ok = allowed(role, needs);
    const session = { member, version: member.sessionVersion };
    const gone = fx.deactivated[role];
    cells.push({
      label: `${role}, own business, deactivated`,
      inputKey: `own:${role}`,
      session: { member: gone, version: gone.sessionVersion },
      caller: { role, member: gone },
      side: own,
      expect: { allowed: false, refusal: "signed_out" },
    });
    cells.push({
      label: `${role}, own business, session from before their last sign-out`,
      inputKey: `own:${role}`,
      session: { member, version: member.sessionVersion - 1 },
      caller,
      side: own,
      expect: { allowed: false, refusal: "signed_out" },
    });
    cells.push({
      label: `${role}, own business, active`,
      inputKey: `own:${role}`,
      session,
      caller,
      side: own,
      expect: ok ? { allowed: true } : { allowed: false, refusal: "forbidden" },
    });
    if (hasOther)
      cells.push({
        label: `${role}, other business's target, active`,
        inputKey: `other:${role}`,
        session,
        caller,
        side: other,
        expect: { allowed: false, refusal: ok ? "other" : "forbidden_or_other" },
      });
  }
  cells.push({
    label: "no session",
    inputKey: "own:owner",
    session: null,
    caller: null,
    side: own,
    expect: { allowed: false, refusal: "signed_out" },
  });
  return cells;
}

export async function presentSession(cell: Pick<Cell, "session">): Promise<void> {
  if (cell.session) await signInAs(cell.session.member, cell.session.version);
  else signOut();
}

/**
 * Run one call between two snapshots; returns what went wrong, or nothing: a refused call must
 * change no table, an allowed writing call must change one, and no answer may name anything of
 * the other business.
 */
export async function checkCall(
  fx: Fixture,
  cell: Cell,
  mutates: boolean,
  call: () => Promise<{ allowed: boolean; refusal: string; text: string }>,
  refusalFor: (e: Exclude<Expect, { allowed: true }>) => string[],
): Promise<string[]> {
  const before = await snapshot(fx.db);
  const r = await call();
  const changed = changedTables(before, await snapshot(fx.db));
  const problems: string[] = [];
  if (cell.expect.allowed) {
    if (!r.allowed) problems.push(`expected success, got ${r.refusal}`);
    else if (mutates && changed.length === 0) problems.push("succeeded but changed nothing");
    else if (!mutates && changed.length) problems.push(`a read changed ${changed.join(", ")}`);
  } else {
    const want = refusalFor(cell.expect);
    if (r.allowed) problems.push(`expected refusal ${want.join("/")}, but it succeeded`);
    else if (!want.includes(r.refusal)) problems.push(`expected refusal ${want.join("/")}, got ${r.refusal}`);
    if (changed.length) problems.push(`should be refused, yet changed ${changed.join(", ")}`);
  }
  const leaked = fx.otherIds.filter((id) => r.text.includes(id));
  if (leaked.length) problems.push(`answer names the other business's ${leaked.join(", ")}`);
  return problems.map((p) => `${cell.label}: ${p}`);
}

/** Inputs per cell key, made when first needed and dropped once an allowed call used one. */
export function inputCache<T>(make: (cell: Cell) => Promise<T>) {
  const made = new Map<string, T>();
  return {
    async for(cell: Cell): Promise<T> {
      if (!made.has(cell.inputKey)) made.set(cell.inputKey, await make(cell));
      const input = made.get(cell.inputKey) as T;
      if (cell.expect.allowed) made.delete(cell.inputKey);
      return input;
    },
  };
}

/** The refusal codes (actions) or statuses (routes) a refused cell may answer. */
export function refusals(words: { signedOut: string; forbidden: string; other?: string }) {
  return (e: Exclude<Expect, { allowed: true }>): string[] => {
    const other = words.other ?? "(no other-business target)";
    if (e.refusal === "signed_out") return [words.signedOut];
    if (e.refusal === "forbidden") return [words.forbidden];
    if (e.refusal === "other") return [other];
    return [words.forbidden, other];
  };
}
