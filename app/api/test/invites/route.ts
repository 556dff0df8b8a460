import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { invites } from "@/db/schema";
import { hashInviteToken } from "@/lib/services/members/invite";
import { e2eEnabled, notFound } from "../guard";

export const dynamic = "force-dynamic";

/**
 * E2E only: age an invite past its 7 days, since a running server's clock cannot be injected.
 * Takes the link the admin was shown.
 */
export async function POST(req: Request) {
  if (!e2eEnabled()) return notFound();
  const body = (await req.json().catch(() => ({}))) as { action?: string; url?: string };
  const token = body.url?.split("/invite/")[1];
  if (body.action !== "expire" || !token) return Response.json({ error: "bad request" }, { status: 400 });
  const rows = await getDb()
    .update(invites)
    .set({ expiresAt: new Date(Date.now() - 60_000) })
    .where(eq(invites.tokenHash, hashInviteToken(token)))
    .returning({ id: invites.id });
  return Response.json({ expired: rows.length });
}
