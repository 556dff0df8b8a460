import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { conversations, members, templates } from "../../db/schema";
import type { Role } from "../../lib/domain/roles";
import { RecordingPublisher, setPublisher } from "../../lib/realtime/publisher";
import { pickUp, resolve } from "../../lib/services/conversations/transition";
import { getDashboard } from "../../lib/services/dashboard/overview";
import { bulkReassign, moveAllAssigned } from "../../lib/services/dashboard/reassign";
import { createInvite, revokeInvite } from "../../lib/services/members/invite";
import { listTeam } from "../../lib/services/members/list";
import { changeRole, deactivateMember, reactivateMember } from "../../lib/services/members/manage";
import type { Result } from "../../lib/services/result";
import { reviewOptions, searchClosed } from "../../lib/services/review/closed";
import { exportClosedCsv, exportTranscriptCsv } from "../../lib/services/review/export";
import { getTranscript } from "../../lib/services/review/transcript";
import {
  addNumber,
  getBusinessSettings,
  listUnroutable,
  renameBusiness,
  setAutoClose,
  updateNumber,
} from "../../lib/services/settings/business";
import { createTemplate, deleteTemplate, listTemplates } from "../../lib/services/settings/templates";
import { describeEachDb } from "../helpers/db";
import { customerSays, makeBusiness, newWaId, type World } from "../helpers/factory";
import { expectOk } from "../helpers/expect-ok";

/**
 * Every page's loader and every server action of the team views calls one of these services with
 * the acting member's id; the service re-reads the member and checks role and business. So a
 * refusal here is the server-side refusal of the page and of the action.
 */
type Fixture = { w: World; assigned: string[]; closed: string; inviteId: string; templateId: string };
type Op = { name: string; min: Role; run: (db: Db, f: Fixture, actorId: string) => Promise<Result<object>> };

const OPS: Op[] = [
  // /dashboard
  { name: "dashboard: overview", min: "manager", run: (db, _f, a) => getDashboard(db, { actorId: a }) },
  {
    name: "dashboard: bulk reassign",
    min: "manager",
    run: (db, f, a) =>
      bulkReassign(db, { actorId: a, conversationIds: [f.assigned[0]], targetMemberId: f.w.ben.id }),
  },
  {
    name: "dashboard: move all",
    min: "manager",
    run: (db, f, a) => moveAllAssigned(db, { actorId: a, fromMemberId: f.w.asha.id, toMemberId: null }),
  },
  // /review and its CSV routes
  { name: "review: list", min: "manager", run: (db, _f, a) => searchClosed(db, { actorId: a, filters: {} }) },
  { name: "review: filter options", min: "manager", run: (db, _f, a) => reviewOptions(db, { actorId: a }) },
  {
    name: "review: transcript",
    min: "manager",
    run: (db, f, a) => getTranscript(db, { actorId: a, conversationId: f.closed }),
  },
  {
    name: "review: export list",
    min: "manager",
    run: (db, _f, a) => exportClosedCsv(db, { actorId: a, filters: {} }),
  },
  {
    name: "review: export transcript",
    min: "manager",
    run: (db, f, a) => exportTranscriptCsv(db, { actorId: a, conversationId: f.closed }),
  },
  // /settings: members
  { name: "members: list", min: "admin", run: (db, _f, a) => listTeam(db, { actorId: a }) },
  {
    name: "members: invite",
    min: "admin",
    run: (db, _f, a) => createInvite(db, { actorId: a, email: `p.${Math.random()}@t.test`, role: "agent" }),
  },
  {
    name: "members: revoke invite",
    min: "admin",
    run: (db, f, a) => revokeInvite(db, { actorId: a, inviteId: f.inviteId }),
  },
  {
    name: "members: change role",
    min: "admin",
    run: (db, f, a) => changeRole(db, { actorId: a, memberId: f.w.ben.id, role: "manager" }),
  },
  {
    name: "members: deactivate",
    min: "admin",
    run: (db, f, a) => deactivateMember(db, { actorId: a, memberId: f.w.ben.id }),
  },
  {
    name: "members: reactivate",
    min: "admin",
    run: (db, f, a) => reactivateMember(db, { actorId: a, memberId: f.w.ben.id }),
  },
  // /settings: business
  { name: "settings: read", min: "admin", run: (db, _f, a) => getBusinessSettings(db, { actorId: a }) },
  {
    name: "settings: rename",
    min: "admin",
    run: (db, _f, a) => renameBusiness(db, { actorId: a, name: "Renamed" }),
  },
  {
    name: "settings: auto-close",
    min: "admin",
    run: (db, _f, a) => setAutoClose(db, { actorId: a, minutes: 120 }),
  },
  {
    name: "settings: add number",
    min: "admin",
    run: (db, _f, a) =>
      addNumber(db, {
        actorId: a,
        phoneNumberId: String(Date.now()) + Math.floor(Math.random() * 1000),
        displayNumber: "+1 555",
        label: "New",
      }),
  },
  {
    name: "settings: update number",
    min: "admin",
    run: (db, f, a) => updateNumber(db, { actorId: a, numberId: f.w.numbers[1].id, label: "Relabelled" }),
  },
  { name: "settings: unroutable", min: "admin", run: (db, _f, a) => listUnroutable(db, { actorId: a }) },
  { name: "settings: templates", min: "admin", run: (db, _f, a) => listTemplates(db, { actorId: a }) },
  {
    name: "settings: add template",
    min: "admin",
    run: (db, _f, a) =>
      createTemplate(db, {
        actorId: a,
        name: `t_${Date.now()}_${Math.floor(Math.random() * 1e6)}`,
        language: "en_US",
        body: "Hi",
      }),
  },
  {
    name: "settings: delete template",
    min: "admin",
    run: (db, f, a) => deleteTemplate(db, { actorId: a, templateId: f.templateId }),
  },
  // owners only
  {
    name: "owners: make an admin",
    min: "owner",
    run: (db, f, a) => changeRole(db, { actorId: a, memberId: f.w.ben.id, role: "admin" }),
  },
  {
    name: "owners: make an owner",
    min: "owner",
    run: (db, f, a) => changeRole(db, { actorId: a, memberId: f.w.manager.id, role: "owner" }),
  },
  {
    name: "owners: demote an admin",
    min: "owner",
    run: (db, f, a) => changeRole(db, { actorId: a, memberId: f.w.admin.id, role: "agent" }),
  },
  {
    name: "owners: deactivate an admin",
    min: "owner",
    run: (db, f, a) => deactivateMember(db, { actorId: a, memberId: f.w.admin.id }),
  },
];

const RANK: Role[] = ["agent", "manager", "admin", "owner"];
const actorOf = (w: World, role: Role) =>
  ({ agent: w.asha, manager: w.manager, admin: w.admin, owner: w.owner })[role];

async function fixture(db: Db): Promise<Fixture> {
  const w = await makeBusiness(db);
  const assigned: string[] = [];
  for (let i = 0; i < 2; i++) {
    const id = await customerSays(db, w.numbers[0].phoneNumberId, newWaId(), "hello");
    await pickUp(db, { memberId: w.asha.id, conversationId: id });
    assigned.push(id);
  }
  const closed = await customerSays(db, w.numbers[1].phoneNumberId, newWaId(), "bye");
  await resolve(db, { memberId: w.manager.id, conversationId: closed });
  const inv = await createInvite(db, {
    actorId: w.owner.id,
    email: `inv.${Math.random()}@t.test`,
    role: "agent",
  });
  if (!inv.ok) throw new Error(inv.message);
  const [t] = await db
    .insert(templates)
    .values({ businessId: w.biz.id, name: `tpl_${Date.now()}`, body: "Hello" })
    .returning();
  return { w, assigned, closed, inviteId: inv.inviteId, templateId: t.id };
}

/** A snapshot of what the operations could change, to prove a refusal changed nothing. */
async function snapshot(db: Db, f: Fixture) {
  const ms = await db.select().from(members).where(eq(members.businessId, f.w.biz.id));
  const cs = await db.select().from(conversations).where(eq(conversations.businessId, f.w.biz.id));
  return JSON.stringify([
    ms.map((m) => [m.id, m.role, m.active]).sort(),
    cs.map((c) => [c.id, c.state, c.assigneeId]).sort(),
  ]);
}

describeEachDb("permissions of the team views", (ctx) => {
  let f: Fixture;
  let other: World;
  beforeAll(async () => {
    setPublisher(new RecordingPublisher());
    f = await fixture(ctx.db);
    other = await makeBusiness(ctx.db);
  });

  for (const role of ["agent", "manager", "admin"] as const) {
    it(`refuses a ${role} everything above ${role}, and changes nothing`, async () => {
      const before = await snapshot(ctx.db, f);
      const above = OPS.filter((op) => RANK.indexOf(op.min) > RANK.indexOf(role));
      expect(above.length).toBeGreaterThan(0);
      for (const op of above) {
        const r = await op.run(ctx.db, f, actorOf(f.w, role).id);
        expect({ op: op.name, ok: r.ok, code: r.ok ? null : r.code }).toEqual({
          op: op.name,
          ok: false,
          code: "forbidden",
        });
      }
      expect(await snapshot(ctx.db, f)).toBe(before);
    });
  }

  it("refuses a deactivated member everything, even an owner", async () => {
    const g = await fixture(ctx.db);
    await changeRole(ctx.db, { actorId: g.w.owner.id, memberId: g.w.admin.id, role: "owner" });
    await deactivateMember(ctx.db, { actorId: g.w.owner.id, memberId: g.w.admin.id });
    for (const op of OPS) {
      const r = await op.run(ctx.db, g, g.w.admin.id);
      expect({ op: op.name, code: r.ok ? null : r.code }).toEqual({ op: op.name, code: "inactive_member" });
    }
  });

  it("refuses the owner of another business every change, and shows them none of this business's data", async () => {
    const before = await snapshot(ctx.db, f);
    const outsider = other.owner.id;
    const refusals: Record<string, string> = {};
    for (const op of OPS) {
      const r = await op.run(ctx.db, f, outsider);
      if (!r.ok) refusals[op.name] = r.code;
    }
    // Operations on a named resource of this business are refused…
    for (const name of [
      "dashboard: bulk reassign",
      "dashboard: move all",
      "review: transcript",
      "review: export transcript",
      "members: revoke invite",
      "members: change role",
      "members: deactivate",
      "members: reactivate",
      "settings: update number",
      "settings: delete template",
      "owners: make an admin",
      "owners: make an owner",
      "owners: demote an admin",
      "owners: deactivate an admin",
    ]) {
      expect({ name, code: refusals[name] }).toEqual({
        name,
        code: expect.stringMatching(/^(not_found|invalid_target)$/),
      });
    }
    expect(await snapshot(ctx.db, f)).toBe(before);
    // …and lists, scoped to the caller's business, contain nothing of it.
    const d = await getDashboard(ctx.db, { actorId: outsider });
    expect(
      expectOk(d)
        .team.map((m) => m.id)
        .some((id) => [f.w.asha.id, f.w.ben.id].includes(id)),
    ).toBe(false);
    const list = await searchClosed(ctx.db, { actorId: outsider, filters: {} });
    expect(expectOk(list).rows.map((r) => r.id)).not.toContain(f.closed);
    const team = await listTeam(ctx.db, { actorId: outsider });
    expect(expectOk(team).members.map((m) => m.id)).not.toContain(f.w.asha.id);
    const opts = await reviewOptions(ctx.db, { actorId: outsider });
    expect(expectOk(opts).numbers.map((n) => n.id)).not.toContain(f.w.numbers[0].id);
  });

  it("lets each operation's lowest role through", async () => {
    for (const op of OPS) {
      const g = await fixture(ctx.db);
      const r = await op.run(ctx.db, g, actorOf(g.w, op.min).id);
      expect({ op: op.name, ok: r.ok, msg: r.ok ? "" : r.message }).toEqual({
        op: op.name,
        ok: true,
        msg: "",
      });
    }
  });
});
