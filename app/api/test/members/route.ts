import argon2 from "argon2";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { businesses, members } from "@/db/schema";
import { ROLES, type Role } from "@/lib/domain/roles";
import { deactivateMember } from "@/lib/services/members/manage";
import { e2eEnabled, notFound } from "../guard";

export const dynamic = "force-dynamic";

/**
 * E2E only: make a throwaway Demo Co member (an agent unless `role` names another), so tests never
 * disable or change the shared demo members; or deactivate one through the real service as the
 * Demo Co owner would.
 */
export async function POST(req: Request) {
  if (!e2eEnabled()) return notFound();
  const body = (await req.json().catch(() => ({}))) as {
    action?: string;
    email?: string;
    name?: string;
    role?: string;
  };
  const db = getDb();
  const [biz] = await db.select().from(businesses).where(eq(businesses.wabaId, "900000000000001"));
  if (!biz) return Response.json({ error: "no demo business" }, { status: 500 });
  if (body.action === "create" && body.email && body.name) {
    const role: Role = (ROLES as readonly string[]).includes(body.role ?? "") ? (body.role as Role) : "agent";
    if (body.role !== undefined && role !== body.role)
      return Response.json({ error: "bad role" }, { status: 400 });
    const [m] = await db
      .insert(members)
      .values({
        businessId: biz.id,
        email: body.email,
        name: body.name,
        role,
        passwordHash: await argon2.hash("demo-password"),
      })
      .returning({ id: members.id });
    return Response.json({ id: m.id });
  }
  if (body.action === "deactivate" && body.email) {
    const [owner] = await db
      .select()
      .from(members)
      .where(and(eq(members.businessId, biz.id), eq(members.role, "owner")));
    const [target] = await db
      .select()
      .from(members)
      .where(sql`lower(${members.email}) = ${body.email.toLowerCase()}`);
    if (!target) return Response.json({ error: "no such member" }, { status: 404 });
    const r = await deactivateMember(db, { actorId: owner.id, memberId: target.id });
    return Response.json(r, { status: r.ok ? 200 : 409 });
  }
  return Response.json({ error: "bad request" }, { status: 400 });
}
