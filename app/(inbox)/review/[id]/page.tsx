import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { getDb } from "@/db/client";
import { REVIEW_PERMISSION } from "@/lib/services/review/closed";
import { filtersToQuery, parseReviewFilters } from "@/lib/services/review/filters";
import { getTranscript, type TranscriptItem } from "@/lib/services/review/transcript";
import { requireMember } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata = { title: "Transcript · Switchboard" };

const EVENT: Record<string, string> = {
  opened: "Conversation opened",
  reopened: "Reopened by the customer",
  picked_up: "picked it up",
  replied: "replied",
  assigned: "assigned it",
  taken_over: "took it over",
  reassigned: "reassigned it",
  resolved: "marked it as resolved",
  closed_inactivity: "Closed for inactivity",
  returned_to_open: "returned it to Open",
};

const time = (d: Date) =>
  d.toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZone: "UTC",
  });

function eventText(it: Extract<TranscriptItem, { kind: "event" }>): string {
  const what = EVENT[it.event] ?? it.event;
  const who = it.actor ?? "System";
  const base = ["opened", "reopened", "closed_inactivity"].includes(it.event) ? what : `${who} ${what}`;
  if (it.toAssignee && it.toAssignee !== it.actor) return `${base} → ${it.toAssignee}`;
  if (!it.toAssignee && it.fromAssignee && it.event !== "resolved") return `${base} (was ${it.fromAssignee})`;
  return base;
}

export default async function TranscriptPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requireMember(REVIEW_PERMISSION);
  const { id } = await params;
  const query = filtersToQuery(parseReviewFilters(await searchParams));
  const t = await getTranscript(getDb(), { actorId: me.id, conversationId: id });
  if (!t.ok) notFound();
  const h = t.header;
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto max-w-3xl space-y-5 px-6 py-6">
        <Link href={`/review${query ? `?${query}` : ""}`} className="text-sm text-slate-600 hover:underline">
          ← Closed review
        </Link>
        <header className="flex items-start justify-between gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-xs">
          <div>
            <h1 className="text-lg font-semibold text-slate-900">
              {h.customerName ?? h.customerWaId ?? "Customer"}
            </h1>
            <p className="text-sm text-slate-500">
              {h.customerWaId} · {h.numberLabel} ({h.displayNumber})
            </p>
            <p className="mt-2 flex items-center gap-2 text-sm text-slate-600">
              {h.state === "closed" ? (
                <>
                  {h.closedReason === "resolved" ? (
                    <Badge tone="emerald">Resolved</Badge>
                  ) : (
                    <Badge tone="amber">Inactivity</Badge>
                  )}
                  {h.closedAt && <span>closed {time(h.closedAt)} UTC</span>}
                  {h.closedByName && <span>by {h.closedByName}</span>}
                </>
              ) : (
                <Badge tone="sky">{h.state === "open" ? "Open" : "Assigned"} again</Badge>
              )}
            </p>
          </div>
          <a
            href={`/api/review/transcript/${h.id}`}
            className="inline-flex h-9 items-center rounded-lg border border-slate-300 bg-white px-3.5 text-sm font-medium text-slate-700 shadow-xs hover:bg-slate-50"
          >
            Export CSV
          </a>
        </header>
        <ol aria-label="Transcript" className="space-y-2.5">
          {t.items.map((it) =>
            it.kind === "event" ? (
              <li key={it.id} className="flex items-center gap-3 py-1 text-xs text-slate-500">
                <span className="h-px flex-1 bg-slate-200" />
                <span>
                  {eventText(it)} · {time(it.at)}
                </span>
                <span className="h-px flex-1 bg-slate-200" />
              </li>
            ) : (
              <li
                key={it.id}
                className={`flex ${it.direction === "outbound" ? "justify-end" : "justify-start"}`}
              >
                <div
                  className={`max-w-[75%] rounded-2xl px-3.5 py-2 text-sm shadow-xs ${
                    it.direction === "outbound"
                      ? "bg-emerald-600 text-white"
                      : "border border-slate-200 bg-white text-slate-800"
                  }`}
                >
                  <p className="whitespace-pre-wrap break-words">{it.body ?? `[${it.type}]`}</p>
                  <p
                    className={`mt-1 text-[11px] ${it.direction === "outbound" ? "text-emerald-100" : "text-slate-500"}`}
                  >
                    {it.direction === "outbound" ? `${it.author ?? "System"} · ` : ""}
                    {time(it.sentAt)}
                    {it.status === "failed" ? ` · Failed${it.error ? `: ${it.error}` : ""}` : ""}
                  </p>
                </div>
              </li>
            ),
          )}
        </ol>
      </div>
    </div>
  );
}
