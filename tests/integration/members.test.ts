import { and, eq } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { conversationEvents, conversations, invites, members } from "../../db/schema";
import { RecordingPublisher, setPublisher } from "../../lib/realtime/publisher";
import { pickUp } from "../../lib/services/conversations/transition";
import {
  acceptInvite,
  createInvite,
  hashInviteToken,
  INVITE_TTL_MS,
  lookupInvite,
  revokeInvite,
} from "../../lib/services/members/invite";
import { listTeam } from "../../lib/services/members/list";
import { changeRole, deactivateMember, reactivateMember } from "../../lib/services/members/manage";
import { verifyCredentials } from "../../lib/services/auth/verify-credentials";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId } from "../helpers/factory";

let pub: RecordingPublisher;
beforeEach(() => {
  pub = new RecordingPublisher();
  setPublisher(pub);
});

const email = () => `new.${Math.random().toString(36).slice(2)}@t.test`;

describeEachDb("members: invites", (ctx) => {
  it("an invite stores only a hash, expires in 7 days, works once, then says it was used", async () => {
    const w = await makeBusiness(ctx.db);
    const now = new Date("2026-03-01T10:00:00Z");
    const inv = await createInvite(ctx.db, { actorId: w.admin.id, email: email(), role: "agent", now });
    expect(inv.ok).toBe(true);
    if (!inv.ok) return;
    const [row] = await ctx.db.select().from(invites).where(eq(invites.id, inv.inviteId));
    expect(row.tokenHash).toBe(hashInviteToken(inv.token));
    expect(row.tokenHash).not.toContain(inv.token);
    expect(row.expiresAt.getTime() - now.getTime()).toBe(INVITE_TTL_MS);

    expect((await lookupInvite(ctx.db, inv.token, now)).status).toBe("valid");
    const acc = await acceptInvite(ctx.db, {
      token: inv.token,
      name: "Nia New",
      password: "a-long-password",
      now,
    });
    expect(acc.ok).toBe(true);
    if (!acc.ok) return;
    const [m] = await ctx.db.select().from(members).where(eq(members.id, acc.memberId));
    expect(m).toMatchObject({ name: "Nia New", role: "agent", active: true, businessId: w.biz.id });
    expect(m.passwordHash).toMatch(/^\$argon2/);
    const signIn = await verifyCredentials(ctx.db, row.email, "a-long-password", "127.0.0.9");
    expect(signIn.ok).toBe(true);

    expect((await lookupInvite(ctx.db, inv.token, now)).status).toBe("used");
    const again = await acceptInvite(ctx.db, {
      token: inv.token,
      name: "Someone",
      password: "another-password",
      now,
    });
    expect(again).toMatchObject({ ok: false, message: "This invite link was already used." });
  });

  it("an expired invite says so and cannot be accepted", async () => {
    const w = await makeBusiness(ctx.db);
    const created = new Date("2026-03-01T10:00:00Z");
    const inv = await createInvite(ctx.db, {
      actorId: w.admin.id,
      email: email(),
      role: "manager",
      now: created,
    });
    if (!inv.ok) throw new Error(inv.message);
    const later = new Date(created.getTime() + INVITE_TTL_MS + 1000);
    expect((await lookupInvite(ctx.db, inv.token, later)).status).toBe("expired");
    expect(
      await acceptInvite(ctx.db, { token: inv.token, name: "Late", password: "a-long-password", now: later }),
    ).toMatchObject({
      ok: false,
      message: "This invite link has expired.",
    });
    expect((await lookupInvite(ctx.db, "not-a-token")).status).toBe("not_found");
  });

  it("admins invite below admin only; owners may invite admins; taken emails and bad input are refused", async () => {
    const w = await makeBusiness(ctx.db);
    expect(await createInvite(ctx.db, { actorId: w.admin.id, email: email(), role: "admin" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await createInvite(ctx.db, { actorId: w.admin.id, email: email(), role: "owner" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect((await createInvite(ctx.db, { actorId: w.owner.id, email: email(), role: "admin" })).ok).toBe(
      true,
    );
    expect(
      await createInvite(ctx.db, { actorId: w.admin.id, email: w.asha.email.toUpperCase(), role: "agent" }),
    ).toMatchObject({
      ok: false,
      code: "invalid_input",
    });
    expect(await createInvite(ctx.db, { actorId: w.admin.id, email: "nope", role: "agent" })).toMatchObject({
      ok: false,
    });
    const inv = await createInvite(ctx.db, { actorId: w.admin.id, email: email(), role: "agent" });
    if (!inv.ok) throw new Error(inv.message);
    expect(await acceptInvite(ctx.db, { token: inv.token, name: "X", password: "short" })).toMatchObject({
      ok: false,
      code: "invalid_input",
    });
  });

  it("the team list shows each member's Assigned count", async () => {
    const w = await makeBusiness(ctx.db);
    for (let i = 0; i < 2; i++) {
      const id = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId());
      await pickUp(ctx.db, { memberId: w.asha.id, conversationId: id });
    }
    const id = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId());
    await pickUp(ctx.db, { memberId: w.ben.id, conversationId: id });
    const team = await listTeam(ctx.db, { actorId: w.admin.id });
    if (!team.ok) throw new Error(team.message);
    const count = (memberId: string) => team.members.find((m) => m.id === memberId)?.assigned;
    expect([count(w.asha.id), count(w.ben.id), count(w.manager.id)]).toEqual([2, 1, 0]);
  });

  it("a revoked invite stops working and leaves the pending list", async () => {
    const w = await makeBusiness(ctx.db);
    const inv = await createInvite(ctx.db, { actorId: w.admin.id, email: email(), role: "agent" });
    if (!inv.ok) throw new Error(inv.message);
    const team = await listTeam(ctx.db, { actorId: w.admin.id });
    expect(team.ok && team.invites.map((i) => i.id)).toEqual([inv.inviteId]);
    expect((await revokeInvite(ctx.db, { actorId: w.admin.id, inviteId: inv.inviteId })).ok).toBe(true);
    expect((await lookupInvite(ctx.db, inv.token)).status).toBe("expired");
    const after = await listTeam(ctx.db, { actorId: w.admin.id });
    expect(after.ok && after.invites).toEqual([]);
  });
});

describeEachDb("members: roles and the last owner", (ctx) => {
  it("admins change roles below admin, never to or from admin/owner", async () => {
    const w = await makeBusiness(ctx.db);
    expect(
      await changeRole(ctx.db, { actorId: w.admin.id, memberId: w.asha.id, role: "manager" }),
    ).toMatchObject({ ok: true, role: "manager" });
    expect(
      await changeRole(ctx.db, { actorId: w.admin.id, memberId: w.manager.id, role: "agent" }),
    ).toMatchObject({ ok: true });
    expect(
      await changeRole(ctx.db, { actorId: w.admin.id, memberId: w.asha.id, role: "admin" }),
    ).toMatchObject({ ok: false, code: "forbidden" });
    expect(
      await changeRole(ctx.db, { actorId: w.admin.id, memberId: w.owner.id, role: "agent" }),
    ).toMatchObject({ ok: false, code: "forbidden" });
    const [asha] = await ctx.db.select().from(members).where(eq(members.id, w.asha.id));
    expect(asha.role).toBe("manager");
    expect(pub.events.filter((e) => e.type === "member.changed").length).toBe(2);
  });

  it("owners make and remove admins and owners", async () => {
    const w = await makeBusiness(ctx.db);
    expect(
      await changeRole(ctx.db, { actorId: w.owner.id, memberId: w.asha.id, role: "admin" }),
    ).toMatchObject({ ok: true });
    expect(
      await changeRole(ctx.db, { actorId: w.owner.id, memberId: w.admin.id, role: "owner" }),
    ).toMatchObject({ ok: true });
    expect(
      await changeRole(ctx.db, { actorId: w.owner.id, memberId: w.admin.id, role: "agent" }),
    ).toMatchObject({ ok: true });
    expect(
      await changeRole(ctx.db, { actorId: w.owner.id, memberId: w.asha.id, role: "agent" }),
    ).toMatchObject({ ok: true });
  });

  it("the last active owner can be neither demoted nor deactivated; with a second owner they can", async () => {
    const w = await makeBusiness(ctx.db);
    expect(
      await changeRole(ctx.db, { actorId: w.owner.id, memberId: w.owner.id, role: "admin" }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining("at least one active owner"),
    });
    expect(await deactivateMember(ctx.db, { actorId: w.owner.id, memberId: w.owner.id })).toMatchObject({
      ok: false,
    });
    await changeRole(ctx.db, { actorId: w.owner.id, memberId: w.admin.id, role: "owner" });
    // A deactivated owner does not count: deactivate the second, then the first is last again.
    expect((await deactivateMember(ctx.db, { actorId: w.owner.id, memberId: w.admin.id })).ok).toBe(true);
    expect(
      await changeRole(ctx.db, { actorId: w.owner.id, memberId: w.owner.id, role: "agent" }),
    ).toMatchObject({ ok: false });
    expect((await reactivateMember(ctx.db, { actorId: w.owner.id, memberId: w.admin.id })).ok).toBe(true);
    expect((await changeRole(ctx.db, { actorId: w.owner.id, memberId: w.owner.id, role: "admin" })).ok).toBe(
      true,
    );
    const owners = await ctx.db
      .select()
      .from(members)
      .where(and(eq(members.businessId, w.biz.id), eq(members.role, "owner")));
    expect(owners.map((o) => o.id)).toEqual([w.admin.id]);
  });

  it("two owners demoting each other at the same moment: exactly one wins, one owner remains", async () => {
    const w = await makeBusiness(ctx.db);
    await changeRole(ctx.db, { actorId: w.owner.id, memberId: w.admin.id, role: "owner" });
    const results = await Promise.all([
      changeRole(ctx.db, { actorId: w.owner.id, memberId: w.admin.id, role: "agent" }),
      changeRole(ctx.db, { actorId: w.admin.id, memberId: w.owner.id, role: "agent" }),
    ]);
    expect(results.filter((r) => r.ok).length).toBe(1);
    const owners = await ctx.db
      .select()
      .from(members)
      .where(and(eq(members.businessId, w.biz.id), eq(members.role, "owner"), eq(members.active, true)));
    expect(owners.length).toBe(1);
  });

  it("two owners deactivating each other at the same moment leave one active owner", async () => {
    const w = await makeBusiness(ctx.db);
    await changeRole(ctx.db, { actorId: w.owner.id, memberId: w.admin.id, role: "owner" });
    const results = await Promise.all([
      deactivateMember(ctx.db, { actorId: w.owner.id, memberId: w.admin.id }),
      deactivateMember(ctx.db, { actorId: w.admin.id, memberId: w.owner.id }),
    ]);
    expect(results.filter((r) => r.ok).length).toBe(1);
    const owners = await ctx.db
      .select()
      .from(members)
      .where(and(eq(members.businessId, w.biz.id), eq(members.role, "owner"), eq(members.active, true)));
    expect(owners.length).toBe(1);
  });
});

describeEachDb("members: deactivation", (ctx) => {
  it("returns every Assigned conversation to Open with a timeline event, ends sessions, and bars sign-in", async () => {
    const w = await makeBusiness(ctx.db);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await customerSays(ctx.db, w.numbers[i % 2].phoneNumberId, newWaId());
      await pickUp(ctx.db, { memberId: w.ben.id, conversationId: id });
      ids.push(id);
    }
    const ashas = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId());
    await pickUp(ctx.db, { memberId: w.asha.id, conversationId: ashas });
    pub.events.length = 0;

    const r = await deactivateMember(ctx.db, { actorId: w.admin.id, memberId: w.ben.id });
    expect(r).toMatchObject({ ok: true, returned: 3 });
    expect(pub.ended).toEqual([w.ben.id]);
    for (const id of ids) {
      const [c] = await ctx.db.select().from(conversations).where(eq(conversations.id, id));
      expect(c).toMatchObject({ state: "open", assigneeId: null });
      const evs = await ctx.db
        .select()
        .from(conversationEvents)
        .where(eq(conversationEvents.conversationId, id));
      const last = evs.sort((a, b) => b.ordinal - a.ordinal)[0];
      expect(last).toMatchObject({
        kind: "returned_to_open",
        actorId: w.admin.id,
        fromAssigneeId: w.ben.id,
        toAssigneeId: null,
      });
    }
    const [other] = await ctx.db.select().from(conversations).where(eq(conversations.id, ashas));
    expect(other).toMatchObject({ state: "assigned", assigneeId: w.asha.id });
    // Live: one conversation.updated per returned conversation, and the member change.
    expect(
      pub.events
        .filter((e) => e.type === "conversation.updated")
        .map((e) => e.conversationId)
        .sort(),
    ).toEqual([...ids].sort());
    expect(pub.events.some((e) => e.type === "member.changed" && e.memberId === w.ben.id)).toBe(true);

    // The deactivated member can do nothing any more.
    const open = await customerSays(ctx.db, w.numbers[0].phoneNumberId, newWaId());
    expect(await pickUp(ctx.db, { memberId: w.ben.id, conversationId: open })).toMatchObject({
      ok: false,
      code: "inactive_member",
    });

    expect((await reactivateMember(ctx.db, { actorId: w.admin.id, memberId: w.ben.id })).ok).toBe(true);
    expect((await pickUp(ctx.db, { memberId: w.ben.id, conversationId: open })).ok).toBe(true);
  });

  it("admins cannot deactivate admins or owners, nobody deactivates themself", async () => {
    const w = await makeBusiness(ctx.db);
    expect(await deactivateMember(ctx.db, { actorId: w.admin.id, memberId: w.owner.id })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await deactivateMember(ctx.db, { actorId: w.admin.id, memberId: w.admin.id })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect((await deactivateMember(ctx.db, { actorId: w.owner.id, memberId: w.admin.id })).ok).toBe(true);
    expect(pub.ended).toEqual([w.admin.id]);
  });
});
