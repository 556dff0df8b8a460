import argon2 from "argon2";
import { eq } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { invites, members, passwordResets } from "../../db/schema";
import { RecordingPublisher, setPublisher } from "../../lib/realtime/publisher";
import { changePassword } from "../../lib/services/auth/change-password";
import { memberForSession } from "../../lib/services/auth/session-member";
import { endAllSessions } from "../../lib/services/auth/session-version";
import { verifyCredentials } from "../../lib/services/auth/verify-credentials";
import { acceptInvite, createInvite, lookupInvite } from "../../lib/services/members/invite";
import { changeRole, deactivateMember, reactivateMember } from "../../lib/services/members/manage";
import {
  completePasswordReset,
  createPasswordReset,
  lookupPasswordReset,
  RESET_TTL_MS,
} from "../../lib/services/members/password-reset";
import { describeEachDb } from "../helpers/db";
import { makeBusiness } from "../helpers/factory";

let pub: RecordingPublisher;
beforeEach(() => {
  pub = new RecordingPublisher();
  setPublisher(pub);
});

const PASSWORD = "the-first-password";
const IP = "192.0.2.200";

describeEachDb("sessions", (ctx) => {
  /** What the session token of a fresh sign-in would carry. */
  async function signedIn(memberId: string) {
    const [m] = await ctx.db.select().from(members).where(eq(members.id, memberId));
    return { memberId, sessionVersion: m.sessionVersion };
  }

  async function withPassword(memberId: string) {
    await ctx.db
      .update(members)
      .set({ passwordHash: await argon2.hash(PASSWORD) })
      .where(eq(members.id, memberId));
  }

  it("a token of the current session version is good; one of an older version, or none, is refused", async () => {
    const w = await makeBusiness(ctx.db);
    const token = await signedIn(w.asha.id);
    expect((await memberForSession(ctx.db, token))?.id).toBe(w.asha.id);
    expect(await memberForSession(ctx.db, { ...token, sessionVersion: token.sessionVersion - 1 })).toBeNull();
    expect(await memberForSession(ctx.db, { memberId: w.asha.id })).toBeNull();
    expect(await memberForSession(ctx.db, { memberId: "not-a-uuid", sessionVersion: 1 })).toBeNull();
  });

  it("Sign out ends every session of the member and cuts their sockets", async () => {
    const w = await makeBusiness(ctx.db);
    const laptop = await signedIn(w.asha.id);
    const phone = await signedIn(w.asha.id);
    const r = await endAllSessions(ctx.db, w.asha.id);
    expect(r.ok).toBe(true);
    expect(await memberForSession(ctx.db, laptop)).toBeNull();
    expect(await memberForSession(ctx.db, phone)).toBeNull();
    expect(pub.ended).toEqual([w.asha.id]);
    // Someone else's session is untouched.
    expect(await memberForSession(ctx.db, await signedIn(w.ben.id))).not.toBeNull();
  });

  it("deactivate then reactivate: the token from before stays dead", async () => {
    const w = await makeBusiness(ctx.db);
    const before = await signedIn(w.ben.id);
    expect((await deactivateMember(ctx.db, { actorId: w.admin.id, memberId: w.ben.id })).ok).toBe(true);
    expect(await memberForSession(ctx.db, before)).toBeNull();
    expect((await reactivateMember(ctx.db, { actorId: w.admin.id, memberId: w.ben.id })).ok).toBe(true);
    expect(await memberForSession(ctx.db, before)).toBeNull();
    expect(await memberForSession(ctx.db, await signedIn(w.ben.id))).not.toBeNull();
  });

  it("a role change takes effect on the next request without a new sign-in", async () => {
    const w = await makeBusiness(ctx.db);
    const token = await signedIn(w.asha.id);
    expect((await changeRole(ctx.db, { actorId: w.admin.id, memberId: w.asha.id, role: "manager" })).ok).toBe(
      true,
    );
    expect((await memberForSession(ctx.db, token))?.role).toBe("manager");
  });

  it("Change password needs the current password, ends the other sessions, and the new one signs in", async () => {
    const w = await makeBusiness(ctx.db);
    await withPassword(w.asha.id);
    const other = await signedIn(w.asha.id);
    expect(
      await changePassword(ctx.db, {
        memberId: w.asha.id,
        currentPassword: "wrong",
        newPassword: "a-new-password",
        ip: IP,
      }),
    ).toMatchObject({ ok: false, code: "invalid_input" });
    expect(
      await changePassword(ctx.db, {
        memberId: w.asha.id,
        currentPassword: PASSWORD,
        newPassword: "short",
        ip: IP,
      }),
    ).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await memberForSession(ctx.db, other)).not.toBeNull();

    const r = await changePassword(ctx.db, {
      memberId: w.asha.id,
      currentPassword: PASSWORD,
      newPassword: "a-new-password",
      ip: IP,
    });
    expect(r.ok).toBe(true);
    expect(await memberForSession(ctx.db, other)).toBeNull();
    expect(pub.ended).toEqual([w.asha.id]);
    expect((await verifyCredentials(ctx.db, w.asha.email, PASSWORD, "192.0.2.1")).ok).toBe(false);
    expect((await verifyCredentials(ctx.db, w.asha.email, "a-new-password", "192.0.2.1")).ok).toBe(true);
  });

  it("an admin's reset link sets a new password once, ends the member's sessions, and stores only a hash", async () => {
    const w = await makeBusiness(ctx.db);
    await withPassword(w.asha.id);
    const old = await signedIn(w.asha.id);
    const now = new Date();
    const link = await createPasswordReset(ctx.db, { actorId: w.admin.id, memberId: w.asha.id, now });
    if (!link.ok) throw new Error(link.message);
    const [row] = await ctx.db.select().from(passwordResets).where(eq(passwordResets.id, link.resetId));
    expect(row.tokenHash).not.toContain(link.token);
    expect(row.expiresAt.getTime() - now.getTime()).toBe(RESET_TTL_MS);
    expect(await lookupPasswordReset(ctx.db, link.token)).toMatchObject({
      status: "valid",
      email: w.asha.email,
    });

    const used = await completePasswordReset(ctx.db, { token: link.token, password: "reset-password-1" });
    expect(used.ok).toBe(true);
    expect(await memberForSession(ctx.db, old)).toBeNull();
    expect(pub.ended).toEqual([w.asha.id]);
    expect((await verifyCredentials(ctx.db, w.asha.email, "reset-password-1", "192.0.2.2")).ok).toBe(true);

    expect((await lookupPasswordReset(ctx.db, link.token)).status).toBe("used");
    expect(
      await completePasswordReset(ctx.db, { token: link.token, password: "reset-password-2" }),
    ).toMatchObject({
      ok: false,
      message: "This password reset link was already used.",
    });
    expect((await verifyCredentials(ctx.db, w.asha.email, "reset-password-2", "192.0.2.3")).ok).toBe(false);
  });

  it("reset links: a newer one voids the older, they expire, and only a manager of the role may make one", async () => {
    const w = await makeBusiness(ctx.db);
    const first = await createPasswordReset(ctx.db, { actorId: w.admin.id, memberId: w.ben.id });
    const second = await createPasswordReset(ctx.db, { actorId: w.admin.id, memberId: w.ben.id });
    if (!first.ok || !second.ok) throw new Error("no link");
    expect((await lookupPasswordReset(ctx.db, first.token)).status).toBe("expired");
    expect((await lookupPasswordReset(ctx.db, second.token)).status).toBe("valid");
    const later = new Date(Date.now() + RESET_TTL_MS + 1000);
    expect(
      await completePasswordReset(ctx.db, { token: second.token, password: "long-enough-pw", now: later }),
    ).toMatchObject({ ok: false, message: "This password reset link has expired." });

    expect(await createPasswordReset(ctx.db, { actorId: w.asha.id, memberId: w.ben.id })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await createPasswordReset(ctx.db, { actorId: w.admin.id, memberId: w.owner.id })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect((await createPasswordReset(ctx.db, { actorId: w.owner.id, memberId: w.admin.id })).ok).toBe(true);
    const other = await makeBusiness(ctx.db);
    expect(await createPasswordReset(ctx.db, { actorId: w.admin.id, memberId: other.asha.id })).toMatchObject(
      {
        ok: false,
        code: "not_found",
      },
    );
    expect((await lookupPasswordReset(ctx.db, "garbage")).status).toBe("not_found");
  });
});

describeEachDb("invites do not reveal other businesses' members", (ctx) => {
  it("inviting the email of another business's member reads like inviting anyone", async () => {
    const ours = await makeBusiness(ctx.db);
    const theirs = await makeBusiness(ctx.db);
    const stranger = `stranger.${Date.now()}@t.test`;
    const a = await createInvite(ctx.db, { actorId: ours.admin.id, email: theirs.asha.email, role: "agent" });
    const b = await createInvite(ctx.db, { actorId: ours.admin.id, email: stranger, role: "agent" });
    expect(a.ok).toBe(true);
    expect(b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    // Our own team's members are still refused: that the admin can see anyway.
    expect(
      await createInvite(ctx.db, { actorId: ours.admin.id, email: ours.ben.email, role: "agent" }),
    ).toMatchObject({ ok: false, message: "Someone with this email is already a member." });

    // The link of a taken address dies like any invalid link; the other member is untouched.
    expect((await lookupInvite(ctx.db, a.token)).status).toBe("valid");
    const accepted = await acceptInvite(ctx.db, {
      token: a.token,
      name: "Probe",
      password: "probe-password",
    });
    expect(accepted).toMatchObject({ ok: false, message: "This invite link is not valid." });
    expect(accepted.ok ? "" : accepted.message).not.toMatch(/member/i);
    const [still] = await ctx.db.select().from(members).where(eq(members.id, theirs.asha.id));
    expect(still.businessId).toBe(theirs.biz.id);
    const [inv] = await ctx.db.select().from(invites).where(eq(invites.id, a.inviteId));
    expect(inv.usedAt).toBeNull();
  });
});
