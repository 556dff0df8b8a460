"use client";

import { callAction } from "@/lib/actions/call-action";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { bulkReassignAction, moveAllAssignedAction } from "@/lib/actions/dashboard";
import { ROLE_LABELS } from "@/lib/domain/roles";
import { useLiveEvents } from "@/lib/realtime/client/use-live-events";
import type { getDashboard } from "@/lib/services/dashboard/overview";
import { duration, waited } from "./format";

type Data = Omit<Extract<Awaited<ReturnType<typeof getDashboard>>, { ok: true }>, "ok">;

/** Refetch the server-rendered data when anything changes, at most every 300 ms. */
function useLiveRefresh(initialSeq: number) {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refresh = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      router.refresh();
    }, 300);
  };
  const { socket, status } = useLiveEvents(initialSeq, { onEvent: refresh, onResync: refresh });
  useEffect(() => {
    if (!socket) return;
    socket.on("online", refresh);
    return () => {
      socket.off("online", refresh);
    };
  });
  // Waiting times grow by themselves: re-render them every 30 s.
  useEffect(() => {
    const t = setInterval(refresh, 30_000);
    return () => clearInterval(t);
  });
  return status;
}

export function DashboardView({
  data,
  filterMemberId,
  initialSeq,
}: {
  data: Data;
  filterMemberId: string | null;
  initialSeq: number;
}) {
  const status = useLiveRefresh(initialSeq);
  const now = new Date();
  const filtered = data.team.find((m) => m.id === filterMemberId);
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto max-w-7xl space-y-6 px-6 py-6">
        <header className="flex items-center justify-between">
          <div>
            <h1 className="text-xl font-semibold tracking-tight text-slate-900">Team dashboard</h1>
            <p className="text-sm text-slate-500">Workload, queue and today’s figures, updated live.</p>
          </div>
          <LiveBadge status={status} />
        </header>

        <section aria-label="Today" className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7">
          <Figure label="Open queue" value={String(data.queue.open)} />
          <Figure label="Oldest wait" value={waited(data.queue.oldestWaitingAt, now)} />
          <Figure label="Opened today" value={String(data.today.opened)} />
          <Figure label="Resolved today" value={String(data.today.resolved)} />
          <Figure label="Auto-closed today" value={String(data.today.autoClosed)} />
          <Figure label="Median first reply" value={duration(data.today.medianFirstReplySeconds)} />
          <Figure label="Median time to resolve" value={duration(data.today.medianResolveSeconds)} />
        </section>

        <div className="grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
          <TeamTable data={data} now={now} />
          <QueueTable data={data} now={now} />
        </div>

        <ConversationsTable data={data} now={now} filteredName={filtered?.name ?? null} />
      </div>
    </div>
  );
}

function LiveBadge({ status }: { status: string }) {
  const tone = status === "live" ? "emerald" : status === "offline" ? "red" : "slate";
  const text = status === "live" ? "Live" : status === "offline" ? "Reconnecting…" : "Connecting…";
  return <Badge tone={tone}>{text}</Badge>;
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-xs">
      <p className="text-xs font-medium text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid={`figure-${label}`}>
        {value}
      </p>
    </div>
  );
}

function Card({
  title,
  children,
  actions,
}: {
  title: string;
  children: React.ReactNode;
  actions?: React.ReactNode;
}) {
  return (
    <section
      aria-label={title}
      className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs"
    >
      <div className="flex items-center justify-between gap-3 border-b border-slate-100 px-4 py-3">
        <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

const th = "px-4 py-2 text-left text-xs font-medium whitespace-nowrap text-slate-500";
const td = "px-4 py-2.5 text-sm text-slate-700";

const PRESENCE = {
  online: { label: "Online", dot: "bg-emerald-500" },
  away: { label: "Away", dot: "bg-amber-400" },
  offline: { label: "Offline", dot: "bg-slate-300" },
} as const;

function TeamTable({ data, now }: { data: Data; now: Date }) {
  return (
    <Card title="Team">
      <table className="w-full">
        <thead className="bg-slate-50">
          <tr>
            <th className={th}>Member</th>
            <th className={th}>Presence</th>
            <th className={`${th} text-right`}>Assigned</th>
            <th className={th}>Oldest waiting</th>
            <th className={th}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {data.team.map((m) => (
            <tr key={m.id} data-testid={`member-row-${m.name}`}>
              <td className={td}>
                <div className="flex items-center gap-2.5">
                  <Avatar name={m.name} size="sm" />
                  <div className="min-w-0 whitespace-nowrap">
                    <Link
                      href={`/dashboard?member=${m.id}#conversations`}
                      className="font-medium text-slate-900 hover:underline"
                    >
                      {m.name}
                    </Link>
                    <p className="text-xs text-slate-500">{ROLE_LABELS[m.role]}</p>
                  </div>
                </div>
              </td>
              <td className={td}>
                <span className="inline-flex items-center gap-1.5">
                  <span aria-hidden className={`h-2 w-2 rounded-full ${PRESENCE[m.presence].dot}`} />
                  {PRESENCE[m.presence].label}
                </span>
              </td>
              <td className={`${td} text-right tabular-nums`} data-testid="assigned-count">
                {m.assigned}
              </td>
              <td className={td}>
                {m.oldestWaitingAt ? (
                  <span
                    className={
                      now.getTime() - new Date(m.oldestWaitingAt).getTime() > 15 * 60_000
                        ? "text-amber-700"
                        : ""
                    }
                  >
                    {waited(m.oldestWaitingAt, now)}
                  </span>
                ) : (
                  <span className="text-slate-500">—</span>
                )}
              </td>
              <td className={`${td} text-right`}>
                {m.assigned > 0 && <MoveAll member={m} team={data.team} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

/** "Return all to Open" or "Move all to …" for one member, in one step. */
function MoveAll({ member, team }: { member: Data["team"][number]; team: Data["team"] }) {
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [to, setTo] = useState("");
  const run = (toMemberId: string | null) =>
    start(async () => {
      const r = await callAction(() => moveAllAssignedAction({ fromMemberId: member.id, toMemberId }));
      if (!r.ok) {
        if (r.signedOut) window.location.assign("/login");
        toast({ title: r.message, tone: "error" });
        return;
      }
      toast({
        title: `${r.moved.length} conversation(s) of ${member.name} ${toMemberId ? "moved" : "returned to Open"}.`,
        tone: "success",
      });
      router.refresh();
    });
  return (
    <div className="flex items-center justify-end gap-1.5">
      <label className="sr-only" htmlFor={`move-${member.id}`}>
        Move all of {member.name}’s conversations to
      </label>
      <select
        id={`move-${member.id}`}
        value={to}
        onChange={(e) => setTo(e.target.value)}
        className="h-8 rounded-lg border border-slate-300 bg-white px-2 text-[13px]"
      >
        <option value="">Move all to…</option>
        {team
          .filter((t) => t.id !== member.id)
          .map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
      </select>
      <Button
        size="sm"
        disabled={!to}
        pending={pending}
        onClick={() => run(to)}
        aria-label={`Move all of ${member.name}’s conversations`}
      >
        Move
      </Button>
      <Button
        size="sm"
        variant="ghost"
        pending={pending}
        onClick={() => run(null)}
        aria-label={`Return all of ${member.name}’s conversations to Open`}
      >
        Return all to Open
      </Button>
    </div>
  );
}

function QueueTable({ data, now }: { data: Data; now: Date }) {
  return (
    <Card title="Open queue by number">
      <table className="w-full">
        <thead className="bg-slate-50">
          <tr>
            <th className={th}>Number</th>
            <th className={`${th} text-right`}>Open</th>
            <th className={th}>Oldest wait</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {data.queue.byNumber.map((q) => (
            <tr key={q.numberId}>
              <td className={td}>
                <p className="font-medium text-slate-900">{q.label}</p>
                <p className="text-xs text-slate-500">{q.displayNumber}</p>
              </td>
              <td className={`${td} text-right tabular-nums`}>{q.open}</td>
              <td className={td}>{waited(q.oldestWaitingAt, now)}</td>
            </tr>
          ))}
          <tr className="bg-slate-50/60">
            <td className={`${td} font-medium`}>All numbers</td>
            <td className={`${td} text-right font-medium tabular-nums`} data-testid="open-total">
              {data.queue.open}
            </td>
            <td className={td}>{waited(data.queue.oldestWaitingAt, now)}</td>
          </tr>
        </tbody>
      </table>
      <div className="border-t border-slate-100 px-4 py-2.5 text-right">
        <Link href="/inbox/open" className="text-[13px] font-medium text-emerald-700 hover:underline">
          Open the queue →
        </Link>
      </div>
    </Card>
  );
}

function ConversationsTable({
  data,
  now,
  filteredName,
}: {
  data: Data;
  now: Date;
  filteredName: string | null;
}) {
  const toast = useToast();
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [target, setTarget] = useState("");
  const [pending, start] = useTransition();
  const ids = useMemo(() => new Set(data.conversations.map((c) => c.id)), [data.conversations]);
  // Rows that left (moved elsewhere, resolved) leave the selection too.
  const chosen = [...selected].filter((id) => ids.has(id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const all = chosen.length > 0 && chosen.length === data.conversations.length;
  const submit = () =>
    start(async () => {
      const r = await callAction(() =>
        bulkReassignAction({ conversationIds: chosen, targetMemberId: target }),
      );
      if (!r.ok) {
        if (r.signedOut) window.location.assign("/login");
        toast({ title: r.message, tone: "error" });
        return;
      }
      const name = data.team.find((m) => m.id === target)?.name ?? "them";
      toast({
        title: `${r.moved.length} conversation(s) reassigned to ${name}.`,
        body: r.refused.length ? `${r.refused.length} skipped: ${r.refused[0].message}` : undefined,
        tone: r.refused.length ? "info" : "success",
      });
      setSelected(new Set());
      router.refresh();
    });
  return (
    <div id="conversations">
      <Card
        title={filteredName ? `Assigned to ${filteredName}` : "Assigned conversations"}
        actions={
          <div className="flex items-center gap-2">
            {filteredName && (
              <Link href="/dashboard#conversations" className="text-[13px] text-slate-500 hover:underline">
                Show everyone’s
              </Link>
            )}
            <span className="text-[13px] text-slate-500">{chosen.length} selected</span>
            <label htmlFor="bulk-target" className="sr-only">
              Reassign to
            </label>
            <select
              id="bulk-target"
              value={target}
              onChange={(e) => setTarget(e.target.value)}
              className="h-8 rounded-lg border border-slate-300 bg-white px-2 text-[13px]"
            >
              <option value="">Reassign to…</option>
              {data.team.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            <Button
              size="sm"
              variant="primary"
              disabled={!chosen.length || !target}
              pending={pending}
              onClick={submit}
            >
              Reassign
            </Button>
          </div>
        }
      >
        {data.conversations.length === 0 ? (
          <p className="px-4 py-8 text-center text-sm text-slate-500">No Assigned conversations.</p>
        ) : (
          <table className="w-full">
            <thead className="bg-slate-50">
              <tr>
                <th className={`${th} w-10`}>
                  <input
                    type="checkbox"
                    aria-label="Select all"
                    checked={all}
                    onChange={() =>
                      setSelected(all ? new Set() : new Set(data.conversations.map((c) => c.id)))
                    }
                    className="h-4 w-4 rounded border-slate-300 accent-emerald-600"
                  />
                </th>
                <th className={th}>Customer</th>
                <th className={th}>Number</th>
                <th className={th}>Assignee</th>
                <th className={th}>Waiting</th>
                <th className={th}>Last activity</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.conversations.map((c) => (
                <tr
                  key={c.id}
                  className={selected.has(c.id) ? "bg-emerald-50/50" : undefined}
                  data-testid="dashboard-conversation"
                >
                  <td className={td}>
                    <input
                      type="checkbox"
                      aria-label={`Select ${c.customer}`}
                      checked={selected.has(c.id)}
                      onChange={() => toggle(c.id)}
                      className="h-4 w-4 rounded border-slate-300 accent-emerald-600"
                    />
                  </td>
                  <td className={td}>
                    <Link
                      href={`/inbox/assigned?c=${c.id}`}
                      className="font-medium text-slate-900 hover:underline"
                    >
                      {c.customer}
                    </Link>
                  </td>
                  <td className={td}>{c.numberLabel}</td>
                  <td className={td}>{c.assigneeName}</td>
                  <td className={td}>
                    {c.waitingSince ? (
                      waited(c.waitingSince, now)
                    ) : (
                      <span className="text-slate-500">answered</span>
                    )}
                  </td>
                  <td className={td}>{waited(c.lastActivityAt, now)} ago</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
