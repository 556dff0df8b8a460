import { and, asc, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../../db/client";
import { rowsOf } from "../../../db/rows";
import { members, wabaNumbers } from "../../../db/schema";
import type { Role } from "../../domain/roles";
import { runInTx } from "../run";
import { loadActor } from "../members/actor";

export type Presence = "online" | "away" | "offline";

export interface DashboardMember {
  id: string;
  name: string;
  role: Role;
  presence: Presence;
  assigned: number;
  /** the oldest customer message still unanswered in their Assigned conversations */
  oldestWaitingAt: Date | null;
}

export interface QueueByNumber {
  numberId: string;
  label: string;
  displayNumber: string;
  active: boolean;
  open: number;
  oldestWaitingAt: Date | null;
}

export interface DashboardConversation {
  id: string;
  customer: string;
  numberLabel: string;
  assigneeId: string | null;
  assigneeName: string | null;
  waitingSince: Date | null;
  lastActivityAt: Date;
}

export interface TodayStats {
  opened: number;
  resolved: number;
  autoClosed: number;
  medianFirstReplySeconds: number | null;
  medianResolveSeconds: number | null;
}

/**
 * "Waiting since": the first customer message after the team's last reply (a failed send is no
 * reply). Null when the team has answered everything.
 */
const waitingSince = sql`(
  select min(i.sent_at) from messages i
  where i.conversation_id = c.id and i.direction = 'inbound'
    and i.sent_at > coalesce(
      (select max(o.sent_at) from messages o
        where o.conversation_id = c.id and o.direction = 'outbound' and o.status <> 'failed'),
      '-infinity'::timestamptz)
)`;

const toDate = (v: unknown): Date | null => (v == null ? null : v instanceof Date ? v : new Date(String(v)));
const toNum = (v: unknown): number | null => (v == null ? null : Number(v));

/** The start of today in the server's time zone. */
export function startOfDay(now: Date): Date {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d;
}

export interface OverviewInput {
  actorId: string;
  onlineMemberIds?: string[];
  /** online members whose pages are all idle or hidden */
  awayMemberIds?: string[];
  /** show only this member's Assigned conversations in the table */
  memberId?: string | null;
  now?: Date;
}

/** Everything /dashboard shows, for a manager (or above) of the business. */
export function getDashboard(db: Db, input: OverviewInput) {
  const now = input.now ?? new Date();
  const since = startOfDay(now);
  const online = new Set(input.onlineMemberIds ?? []);
  const away = new Set(input.awayMemberIds ?? []);
  return runInTx(db, async (tx) => {
    const actor = await loadActor(tx, input.actorId, "dashboard.view");
    const biz = actor.businessId;

    const memberRows = rowsOf(
      await tx.execute(sql`
        select m.id, m.name, m.role,
          count(c.id)::int as assigned,
          min(${waitingSince}) as oldest
        from members m
        left join conversations c on c.assignee_id = m.id and c.state = 'assigned' and c.business_id = ${biz}
        where m.business_id = ${biz} and m.active
        group by m.id, m.name, m.role
        order by m.name`),
    );
    const team: DashboardMember[] = memberRows.map((r) => ({
      id: String(r.id),
      name: String(r.name),
      role: r.role as Role,
      presence: !online.has(String(r.id)) ? "offline" : away.has(String(r.id)) ? "away" : "online",
      assigned: Number(r.assigned),
      oldestWaitingAt: toDate(r.oldest),
    }));

    const numbers = await tx
      .select()
      .from(wabaNumbers)
      .where(eq(wabaNumbers.businessId, biz))
      .orderBy(asc(wabaNumbers.label));
    const queueRows = rowsOf(
      await tx.execute(sql`
        select c.number_id, count(*)::int as open, min(${waitingSince}) as oldest
        from conversations c
        where c.business_id = ${biz} and c.state = 'open'
        group by c.number_id`),
    );
    const byNumber = new Map(queueRows.map((r) => [String(r.number_id), r]));
    const queue: QueueByNumber[] = numbers
      .map((n) => ({
        numberId: n.id,
        label: n.label,
        displayNumber: n.displayNumber,
        active: n.active,
        open: Number(byNumber.get(n.id)?.open ?? 0),
        oldestWaitingAt: toDate(byNumber.get(n.id)?.oldest),
      }))
      .filter((q) => q.active || q.open > 0);
    const oldestOpen = queue.reduce<Date | null>(
      (acc, q) => (q.oldestWaitingAt && (!acc || q.oldestWaitingAt < acc) ? q.oldestWaitingAt : acc),
      null,
    );

    const today = await todayStats(tx, biz, since);
    const conversations = await assignedConversations(tx, biz, input.memberId ?? null);
    return {
      actor: { id: actor.id, role: actor.role },
      team,
      queue: { open: queue.reduce((n, q) => n + q.open, 0), oldestWaitingAt: oldestOpen, byNumber: queue },
      today,
      conversations,
      asOf: now,
    };
  });
}

async function todayStats(tx: DbOrTx, businessId: string, since: Date): Promise<TodayStats> {
  const at = sql`${since.toISOString()}::timestamptz`;
  const [counts] = rowsOf(
    await tx.execute(sql`
      select
        count(*) filter (where kind in ('opened', 'reopened'))::int as opened,
        count(*) filter (where kind = 'resolved')::int as resolved,
        count(*) filter (where kind = 'closed_inactivity')::int as auto_closed
      from conversation_events
      where business_id = ${businessId} and created_at >= ${at}`),
  );
  const [firstReply] = rowsOf(
    await tx.execute(sql`
      select percentile_cont(0.5) within group (order by extract(epoch from first_reply_at - created_at)) as median
      from conversations
      where business_id = ${businessId} and first_reply_at >= ${at}`),
  );
  // Time to resolve: from the moment the conversation last (re)opened to its resolution.
  const [resolve] = rowsOf(
    await tx.execute(sql`
      select percentile_cont(0.5) within group (order by extract(epoch from e.created_at - o.opened_at)) as median
      from conversation_events e
      cross join lateral (
        select max(x.created_at) as opened_at from conversation_events x
        where x.conversation_id = e.conversation_id and x.kind in ('opened', 'reopened') and x.created_at <= e.created_at
      ) o
      where e.business_id = ${businessId} and e.kind = 'resolved' and e.created_at >= ${at} and o.opened_at is not null`),
  );
  return {
    opened: Number(counts.opened),
    resolved: Number(counts.resolved),
    autoClosed: Number(counts.auto_closed),
    medianFirstReplySeconds: toNum(firstReply.median),
    medianResolveSeconds: toNum(resolve.median),
  };
}

async function assignedConversations(
  tx: DbOrTx,
  businessId: string,
  memberId: string | null,
): Promise<DashboardConversation[]> {
  const rows = rowsOf(
    await tx.execute(sql`
      select c.id, coalesce(cu.profile_name, cu.username, cu.wa_id, cu.user_id) as customer, n.label as number_label,
        c.assignee_id, m.name as assignee_name, ${waitingSince} as waiting_since, c.last_activity_at
      from conversations c
      join customers cu on cu.id = c.customer_id
      join waba_numbers n on n.id = c.number_id
      join members m on m.id = c.assignee_id
      where c.business_id = ${businessId} and c.state = 'assigned'
        ${memberId ? sql`and c.assignee_id = ${memberId}` : sql``}
      order by m.name, c.last_activity_at desc, c.id
      limit 500`),
  );
  return rows.map((r) => ({
    id: String(r.id),
    customer: String(r.customer ?? "Customer"),
    numberLabel: String(r.number_label),
    assigneeId: r.assignee_id ? String(r.assignee_id) : null,
    assigneeName: r.assignee_name ? String(r.assignee_name) : null,
    waitingSince: toDate(r.waiting_since),
    lastActivityAt: toDate(r.last_activity_at)!,
  }));
}

export async function memberExists(tx: DbOrTx, businessId: string, memberId: string) {
  const [m] = await tx
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.businessId, businessId)));
  return Boolean(m);
}
