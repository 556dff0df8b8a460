import argon2 from "argon2";
import { members } from "../../../db/schema";
import {
  acceptInvite,
  createInvite,
  INVITE_TTL_MS,
  revokeInvite,
} from "../../../lib/services/members/invite";
import {
  completePasswordReset,
  createPasswordReset,
  RESET_TTL_MS,
} from "../../../lib/services/members/password-reset";
import { eq } from "drizzle-orm";
import type { Result } from "../../../lib/services/result";
import type { Fixture } from "./fixture";
import { account, formOf, NEW_PASSWORD, PASSWORD, reload } from "./form-calls";
import type { FormActionEntry, FormCase } from "./types";

// The forms of the pages (app/**/actions.ts): sign-in, invite, reset, Account.

const own = (fx: Fixture) => ({ world: fx.own, own: true });
const unwrap = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(r.message);
  return r;
};

async function resetLink(fx: Fixture, now?: Date) {
  const target = await account(fx, own(fx), "agent");
  const r = await createPasswordReset(fx.db, { actorId: fx.own.owner.id, memberId: target.member.id, now });
  return { target, token: unwrap(r).token };
}

async function inviteLink(fx: Fixture, now?: Date) {
  const email = `invited.${Math.random().toString(36).slice(2)}@t.test`;
  const r = await createInvite(fx.db, { actorId: fx.own.owner.id, email, role: "manager", now });
  return { email, ...unwrap(r) };
}

const resetForm = (token: string) => formOf({ token, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
const inviteForm = (token: string) =>
  formOf({ token, name: "Nia New", password: NEW_PASSWORD, confirm: NEW_PASSWORD });
const refusedWith = (state: unknown) => ({ redirect: null, state, sessionOf: null });

const noMatch = (email: string) => refusedWith({ error: "That email and password do not match.", email });
const RESET_NOT_VALID = { error: "This password reset link is not valid." };
const INVITE_NOT_VALID = { error: "This invite link is not valid." };
const longAgo = (ttl: number) => new Date(Date.now() - 2 * ttl);

/** The caller's new password works and every earlier session of theirs ended. */
async function passwordNowIs(fx: Fixture, id: string, password: string, version: number) {
  const m = await reload(fx, id);
  if (!(await argon2.verify(m.passwordHash ?? "", password))) return "the new password does not work";
  if (m.sessionVersion <= version) return "earlier sessions were not ended";
  return null;
}

export const formActions: FormActionEntry[] = [
  {
    file: "app/(auth)/login/actions.ts",
    name: "signInAction",
    kind: "public",
    attempts: true,
    valid: async (fx): Promise<FormCase> => {
      const a = await account(fx, own(fx), "agent");
      return {
        form: formOf({ email: a.member.email, password: PASSWORD }),
        expect: { redirect: "/inbox/open", state: null, sessionOf: a.member.email },
        changes: { members: [], newMember: false },
      };
    },
    bad: {
      "a wrong password": async (fx) => {
        const a = await account(fx, own(fx), "owner");
        return {
          form: formOf({ email: a.member.email, password: "wrong-password-9" }),
          expect: noMatch(a.member.email),
        };
      },
      "a deactivated member's own password": async (fx) => {
        const a = await account(fx, own(fx), "owner", "deactivated");
        return {
          form: formOf({ email: a.member.email, password: PASSWORD }),
          expect: noMatch(a.member.email),
        };
      },
      "an unknown email": async () => {
        const email = "nobody.here@t.test";
        return { form: formOf({ email, password: PASSWORD }), expect: noMatch(email) };
      },
    },
  },
  {
    file: "app/reset/[token]/actions.ts",
    name: "resetPasswordAction",
    kind: "public",
    valid: async (fx) => {
      const { target, token } = await resetLink(fx);
      return {
        form: resetForm(token),
        expect: { redirect: "/inbox/open", state: null, sessionOf: target.member.email },
        changes: { members: [target.member.id], newMember: false },
        check: () => passwordNowIs(fx, target.member.id, NEW_PASSWORD, target.member.sessionVersion),
      };
    },
    bad: {
      "an unknown token": async () => ({
        form: resetForm("x".repeat(43)),
        expect: refusedWith(RESET_NOT_VALID),
      }),
      "a spent link": async (fx) => {
        const { token } = await resetLink(fx);
        unwrap(await completePasswordReset(fx.db, { token, password: NEW_PASSWORD }));
        return {
          form: resetForm(token),
          expect: refusedWith({ error: "This password reset link was already used." }),
        };
      },
      "an expired link": async (fx) => {
        const { token } = await resetLink(fx, longAgo(RESET_TTL_MS));
        return {
          form: resetForm(token),
          expect: refusedWith({ error: "This password reset link has expired." }),
        };
      },
      "the link of a member deactivated since": async (fx) => {
        const { target, token } = await resetLink(fx);
        await fx.db.update(members).set({ active: false }).where(eq(members.id, target.member.id));
        return { form: resetForm(token), expect: refusedWith(RESET_NOT_VALID) };
      },
      "an invite's token": async (fx) => ({
        form: resetForm((await inviteLink(fx)).token),
        expect: refusedWith(RESET_NOT_VALID),
      }),
    },
  },
  {
    file: "app/invite/[token]/actions.ts",
    name: "acceptInviteAction",
    kind: "public",
    valid: async (fx) => {
      const { email, token } = await inviteLink(fx);
      return {
        form: inviteForm(token),
        expect: { redirect: "/inbox/open", state: null, sessionOf: email },
        changes: { members: [], newMember: true },
        // the new member joins the business that invited them, in the role it chose
        check: async () => {
          const [m] = await fx.db.select().from(members).where(eq(members.email, email));
          if (m?.businessId !== fx.own.biz.id || m.role !== "manager" || !m.active)
            return `joined as ${JSON.stringify(m && { business: m.businessId, role: m.role, active: m.active })}`;
          return null;
        },
      };
    },
    bad: {
      "an unknown token": async () => ({
        form: inviteForm("x".repeat(43)),
        expect: refusedWith(INVITE_NOT_VALID),
      }),
      "a spent link": async (fx) => {
        const { token } = await inviteLink(fx);
        unwrap(await acceptInvite(fx.db, { token, name: "First Taker", password: NEW_PASSWORD }));
        return {
          form: inviteForm(token),
          expect: refusedWith({ error: "This invite link was already used.", status: "used" }),
        };
      },
      "an expired link": async (fx) => {
        const { token } = await inviteLink(fx, longAgo(INVITE_TTL_MS));
        return {
          form: inviteForm(token),
          expect: refusedWith({ error: "This invite link has expired.", status: "expired" }),
        };
      },
      "a withdrawn link": async (fx) => {
        const { token, inviteId } = await inviteLink(fx);
        unwrap(await revokeInvite(fx.db, { actorId: fx.own.owner.id, inviteId }));
        return {
          form: inviteForm(token),
          expect: refusedWith({ error: "This invite link has expired.", status: "expired" }),
        };
      },
      "a link whose email joined another business since": async (fx) => {
        const { token, email } = await inviteLink(fx);
        await fx.db
          .insert(members)
          .values({ businessId: fx.other.biz.id, email, name: "Taken", role: "agent" });
        return { form: inviteForm(token), expect: refusedWith(INVITE_NOT_VALID) };
      },
      "a password reset's token": async (fx) => ({
        form: inviteForm((await resetLink(fx)).token),
        expect: refusedWith(INVITE_NOT_VALID),
      }),
    },
  },
  {
    file: "app/(inbox)/account/actions.ts",
    name: "changePasswordAction",
    kind: "signed-in",
    // the form also names another member every way it could: only the session may say who
    form: (me, victim) =>
      formOf({
        current: me.password,
        new: NEW_PASSWORD,
        confirm: NEW_PASSWORD,
        memberId: victim.member.id,
        id: victim.member.id,
        email: victim.member.email,
      }),
    allowed: { redirect: "/account?changed=1", state: null, sessionOf: "me" },
    refused: { redirect: "/login", state: null, sessionOf: null },
    check: async (before, after) => {
      if (!(await argon2.verify(after.passwordHash ?? "", NEW_PASSWORD)))
        return "the new password does not work";
      if (after.sessionVersion !== before.sessionVersion + 1) return "earlier sessions were not ended";
      return null;
    },
  },
  ...([
    "app/(inbox)/account/actions.ts:signOutEverywhereAction",
    "app/(auth)/login/actions.ts:signOutAction",
  ].map((key): FormActionEntry => {
    const [file, name] = key.split(":");
    return {
      file,
      name,
      kind: "signed-in",
      form: (_me, victim) => formOf({ memberId: victim.member.id, email: victim.member.email }),
      // this browser is signed out either way; only the member's own other sessions end
      allowed: { redirect: "/login", state: null, sessionOf: "cleared" },
      refused: { redirect: "/login", state: null, sessionOf: "cleared" },
      signedOut: { redirect: "/login", state: null, sessionOf: null },
      check: async (before, after) => {
        if (after.sessionVersion !== before.sessionVersion + 1) return "their other sessions did not end";
        if (after.passwordHash !== before.passwordHash) return "their password changed";
        return null;
      },
    };
  }) as FormActionEntry[]),
];
