import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/config";
import { getCounts } from "@/lib/queries/inbox/counts";
import { listConversations } from "@/lib/queries/inbox/list";
import { getThread } from "@/lib/queries/inbox/thread";
import { isTab } from "@/lib/queries/inbox/types";
import { isUuid } from "@/lib/services/result";
import { requireMember } from "@/lib/session";
import { InboxApp } from "./inbox-app";

export const metadata: Metadata = { title: "Inbox · Switchboard" };
export const dynamic = "force-dynamic";

/** /inbox/open|assigned|closed?c=<conversation>&mine=1 — the first paint comes from the server. */
export default async function InboxPage({
  params,
  searchParams,
}: {
  params: Promise<{ tab: string }>;
  searchParams: Promise<{ c?: string; mine?: string }>;
}) {
  const me = await requireMember();
  const { tab } = await params;
  if (!isTab(tab)) redirect("/inbox/open");
  const sp = await searchParams;
  const c = typeof sp.c === "string" ? sp.c : null;
  const mine = tab === "assigned" && sp.mine === "1";
  const db = getDb();
  const [counts, list, thread] = await Promise.all([
    getCounts(db, me.businessId),
    listConversations(db, { businessId: me.businessId, memberId: me.id, tab, mine }),
    c && isUuid(c)
      ? getThread(db, {
          businessId: me.businessId,
          memberId: me.id,
          conversationId: c,
          defaultAutoCloseMinutes: getConfig().autoCloseAfterMinutes,
        })
      : Promise.resolve(null),
  ]);
  return (
    <InboxApp
      me={{ id: me.id, name: me.name, role: me.role, businessId: me.businessId }}
      initial={{ tab, mine, conversationId: c, counts, list, thread }}
    />
  );
}
