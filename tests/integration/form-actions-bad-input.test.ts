import { beforeAll, expect, it, vi } from "vitest";
import { setGlobalClient } from "../../db/client";
import { describeEachDb } from "../helpers/db";
import { makeBusiness, type World } from "../helpers/factory";
import { installTestConfig } from "../helpers/webhook-fixtures";

// Auth.js itself is not under test: a sign-in that got this far would be a failure of the check.
const auth = vi.hoisted(() => ({ signIn: vi.fn(), signOut: vi.fn() }));
vi.mock("@/lib/auth", () => auth);
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
const current = vi.hoisted(() => ({
  member: null as null | { id: string; businessId: string; role: string },
}));
vi.mock("@/lib/session", () => ({ getCurrentMember: async () => current.member }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));

/**
 * The form actions (sign in, change password, reset password, accept invite) take the browser's
 * FormData. Called by hand with anything else they answer a form error, never throw (a 500).
 */
describeEachDb("form actions called without a form", (ctx) => {
  let w: World;
  beforeAll(async () => {
    installTestConfig();
    setGlobalClient(ctx.raw);
    w = await makeBusiness(ctx.db);
    current.member = { id: w.owner.id, businessId: w.biz.id, role: "owner" };
  });

  const actions: [string, () => Promise<(prev: never, form: never) => Promise<{ error: string | null }>>][] =
    [
      ["sign in", async () => (await import("../../app/(auth)/login/actions")).signInAction as never],
      [
        "change password",
        async () => (await import("../../app/(inbox)/account/actions")).changePasswordAction as never,
      ],
      [
        "reset password",
        async () => (await import("../../app/reset/[token]/actions")).resetPasswordAction as never,
      ],
      [
        "accept invite",
        async () => (await import("../../app/invite/[token]/actions")).acceptInviteAction as never,
      ],
    ];
  const notForms = [undefined, null, "not a form", 42, [], { get: "x" }];

  it.each(actions)(
    "%s answers a form error for every argument that is not a FormData",
    async (_name, load) => {
      const action = await load();
      for (const arg of notForms) {
        const r = await action({ error: null } as never, arg as never);
        expect(r.error).toMatch(/not understood/);
      }
      expect(auth.signIn).not.toHaveBeenCalled();
    },
  );
});
