import { randomBytes } from "node:crypto";
import { decode } from "@auth/core/jwt";
import argon2 from "argon2";
import { eq, sql } from "drizzle-orm";
import { getURLFromRedirectError } from "next/dist/client/components/redirect";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { members, type Member } from "../../../db/schema";
import type { Role } from "../../../lib/domain/roles";
import type { Fixture, Side } from "./fixture";
import { AUTH_SECRET, requestContext, SESSION_COOKIE } from "./sign-in";
import type { Account, FormOutcome } from "./types";

/**
 * What the form actions of the pages need: members whose password is known, the call as the
 * browser makes it (a redirect is an answer, not a failure), and which member rows changed.
 */
export const PASSWORD = "matrix-password-1";
export const NEW_PASSWORD = "matrix-password-2";
let passwordHash: Promise<string> | undefined;

const rnd = () => randomBytes(5).toString("hex");

/** A member of `side` with PASSWORD; deactivated, or one sign-out past their first session. */
export async function account(
  fx: Fixture,
  side: Side,
  role: Role,
  state: "active" | "deactivated" | "signed-out-since" = "active",
): Promise<Account> {
  passwordHash ??= argon2.hash(PASSWORD);
  const [member] = await fx.db
    .insert(members)
    .values({
      businessId: side.world.biz.id,
      email: `f.${rnd()}@t.test`,
      name: `Form ${role} ${rnd()}`,
      role,
      passwordHash: await passwordHash,
      active: state !== "deactivated",
      sessionVersion: state === "signed-out-since" ? 2 : 1,
    })
    .returning();
  return { member, password: PASSWORD };
}

export function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

/** Call a form action as its page's form does, with a fresh client address (see throttling). */
export async function submit(
  fn: (prev: unknown, form: FormData) => Promise<unknown>,
  form: FormData,
): Promise<FormOutcome> {
  requestContext.setCookies = [];
  requestContext.ip = `198.51.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`;
  let redirect: string | null = null;
  let state: unknown = null;
  try {
    state = (await fn({ error: null, email: "" }, form)) ?? null;
  } catch (e) {
    if (!isRedirectError(e)) throw e;
    // Auth.js redirects to an absolute URL, the app to a path: compare paths
    const url = new URL(getURLFromRedirectError(e), "http://localhost:3000");
    redirect = url.pathname + url.search;
  }
  const cookie = requestContext.setCookies.filter((c) => c.name === SESSION_COOKIE).at(-1);
  let session: FormOutcome["session"] = null;
  if (cookie && !cookie.value) session = "cleared";
  else if (cookie) {
    const t = await decode({ token: cookie.value, secret: AUTH_SECRET, salt: SESSION_COOKIE });
    session = { memberId: String(t?.memberId), sessionVersion: Number(t?.sessionVersion) };
  }
  return { redirect, state, session };
}

/** Every member row's version (xmin) by id: which rows a call wrote or added. */
export async function memberRows(fx: Fixture): Promise<Map<string, string>> {
  const rows = await fx.db.execute(sql`select id, xmin::text as v from members`);
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as {
    id: string;
    v: string;
  }[];
  return new Map(list.map((r) => [r.id, r.v]));
}

export function changedMembers(before: Map<string, string>, after: Map<string, string>) {
  return {
    written: [...before].filter(([id, v]) => after.get(id) !== v).map(([id]) => id),
    added: [...after.keys()].filter((id) => !before.has(id)),
  };
}

export async function reload(fx: Fixture, id: string): Promise<Member> {
  const [m] = await fx.db.select().from(members).where(eq(members.id, id));
  return m;
}
