"use client";

import { useEffect, useRef } from "react";
import { Avatar } from "@/components/ui/avatar";
import { ChatIcon, KeyboardIcon } from "@/components/ui/icons";
import { RelativeTime } from "@/components/time/relative-time";
import type { ConversationRow, Counts, Tab } from "@/lib/queries/inbox/types";
import type { LiveStatus } from "@/lib/realtime/client/use-live-events";
import type { Me, Viewers } from "./inbox-app";

const TAB_LABELS: Record<Tab, string> = { open: "Open", assigned: "Assigned", closed: "Closed" };

export function ConversationList(props: {
  me: Me;
  tab: Tab;
  mine: boolean;
  selectedId: string | null;
  counts: Counts;
  items: ConversationRow[];
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  presence: Record<string, Viewers>;
  live: LiveStatus;
  onTab: (t: Tab) => void;
  onMine: (m: boolean) => void;
  onSelect: (id: string) => void;
  onMore: () => void;
  onHelp: () => void;
}) {
  const { tab, items } = props;
  const sentinel = useRef<HTMLDivElement>(null);
  const onMore = useRef(props.onMore);
  onMore.current = props.onMore;

  // Infinite scroll: the next page loads as the end of the list comes into view.
  useEffect(() => {
    const el = sentinel.current;
    if (!el) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) onMore.current();
      },
      { rootMargin: "200px" },
    );
    io.observe(el);
    return () => io.disconnect();
  }, []);

  const tabs: Tab[] = ["open", "assigned", "closed"];
  return (
    <>
      <div className="shrink-0 border-b border-slate-200 px-4 pt-3">
        <div className="flex items-center justify-between">
          <h1 className="text-base font-semibold tracking-tight text-slate-900">Inbox</h1>
          <div className="flex items-center gap-1">
            <LiveDot status={props.live} />
            <button
              type="button"
              onClick={props.onHelp}
              aria-label="Keyboard shortcuts"
              title="Keyboard shortcuts (?)"
              className="hidden rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-600 lg:inline-flex"
            >
              <KeyboardIcon className="h-4.5 w-4.5" />
            </button>
          </div>
        </div>
        <div role="tablist" aria-label="Conversation states" className="mt-2 flex gap-1">
          {tabs.map((t) => {
            const selected = t === tab;
            return (
              <button
                key={t}
                id={`tab-${t}`}
                type="button"
                role="tab"
                aria-selected={selected}
                aria-controls="conversation-list"
                tabIndex={selected ? 0 : -1}
                onClick={() => props.onTab(t)}
                onKeyDown={(e) => {
                  if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
                  const i = tabs.indexOf(t) + (e.key === "ArrowRight" ? 1 : -1);
                  const next = tabs[(i + tabs.length) % tabs.length];
                  props.onTab(next);
                  document.getElementById(`tab-${next}`)?.focus();
                }}
                className={`relative -mb-px flex items-center gap-1.5 border-b-2 px-2.5 pt-1 pb-2.5 text-sm font-medium transition-colors ${
                  selected
                    ? "border-emerald-600 text-slate-900"
                    : "border-transparent text-slate-500 hover:text-slate-800"
                }`}
              >
                {TAB_LABELS[t]}{" "}
                <span
                  data-testid={`count-${t}`}
                  className={`min-w-5 rounded-full px-1.5 py-px text-center text-[11px] font-semibold tabular-nums ${
                    selected ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-600"
                  }`}
                >
                  {props.counts[t]}
                </span>
              </button>
            );
          })}
        </div>
      </div>
      {tab === "assigned" && (
        <div className="flex shrink-0 items-center gap-2 border-b border-slate-100 bg-slate-50/60 px-4 py-2">
          <span className="text-xs text-slate-500">Show</span>
          <fieldset className="inline-flex rounded-lg bg-slate-200/60 p-0.5">
            <legend className="sr-only">Filter</legend>
            {[
              { label: "Everyone", value: false },
              { label: "Mine", value: true },
            ].map((o) => (
              <button
                key={o.label}
                type="button"
                aria-pressed={props.mine === o.value}
                onClick={() => props.onMine(o.value)}
                className={`rounded-md px-2.5 py-1 text-xs font-medium ${props.mine === o.value ? "bg-white text-slate-900 shadow-xs" : "text-slate-600 hover:text-slate-900"}`}
              >
                {o.label}
              </button>
            ))}
          </fieldset>
        </div>
      )}
      <div
        id="conversation-list"
        role="tabpanel"
        aria-labelledby={`tab-${tab}`}
        className="min-h-0 flex-1 overflow-y-auto"
      >
        {props.loading ? (
          <ListSkeleton />
        ) : items.length === 0 ? (
          <EmptyList tab={tab} mine={props.mine} />
        ) : (
          <ul aria-label={`${TAB_LABELS[tab]} conversations`} className="divide-y divide-slate-100">
            {items.map((row) => (
              <Row
                key={row.id}
                row={row}
                me={props.me}
                selected={row.id === props.selectedId}
                viewers={(props.presence[row.id] ?? []).filter((v) => v.memberId !== props.me.id)}
                onSelect={props.onSelect}
              />
            ))}
          </ul>
        )}
        <div ref={sentinel} className="h-px" />
        {props.loadingMore && <p className="py-3 text-center text-xs text-slate-500">Loading more…</p>}
        {!props.loading && !props.hasMore && items.length > 8 && (
          <p className="py-4 text-center text-xs text-slate-500">That&apos;s everything</p>
        )}
      </div>
    </>
  );
}

function Row({
  row,
  me,
  selected,
  viewers,
  onSelect,
}: {
  row: ConversationRow;
  me: Me;
  selected: boolean;
  viewers: Viewers;
  onSelect: (id: string) => void;
}) {
  const typing = viewers.find((v) => v.typing);
  const href = `/inbox/${row.state}?c=${row.id}`;
  return (
    <li>
      <a
        id={`row-${row.id}`}
        href={href}
        data-conversation-id={row.id}
        aria-current={selected ? "true" : undefined}
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          onSelect(row.id);
        }}
        className={`group relative flex gap-3 px-4 py-3 transition-colors focus-visible:-outline-offset-2 ${
          selected ? "bg-emerald-50/70" : "hover:bg-slate-50"
        }`}
      >
        {selected && <span aria-hidden className="absolute inset-y-0 left-0 w-0.5 bg-emerald-600" />}
        <Avatar name={row.customerName} />
        <div className="min-w-0 flex-1">
          <div className="flex items-baseline gap-2">
            <p
              dir="auto"
              className={`min-w-0 flex-1 truncate text-sm ${row.unread ? "font-semibold text-slate-900" : "font-medium text-slate-800"}`}
            >
              {row.customerName}
            </p>
            <RelativeTime
              iso={row.lastActivityAt}
              className={`shrink-0 text-xs ${row.unread ? "font-medium text-emerald-700" : "text-slate-500"}`}
            />
          </div>
          <p className="mt-0.5 flex items-center gap-1.5 text-xs text-slate-500">
            <span className="truncate">{row.customerNumber}</span>
            <span aria-hidden className="text-slate-300">
              ·
            </span>
            <span className="shrink-0 rounded bg-slate-100 px-1 py-px text-[10px] font-medium tracking-wide text-slate-600 uppercase">
              {row.numberLabel}
            </span>
          </p>
          <div className="mt-1 flex items-center gap-2">
            <p
              dir="auto"
              className={`min-w-0 flex-1 truncate text-[13px] ${typing ? "text-emerald-700 italic" : row.unread ? "text-slate-800" : "text-slate-500"}`}
            >
              {typing ? `${typing.name} is typing…` : (row.preview ?? "No messages yet")}
            </p>
            {row.unread > 0 && (
              <span className="shrink-0 rounded-full bg-emerald-700 px-1.5 py-px text-[11px] font-semibold text-white tabular-nums">
                {row.unread}
                <span className="sr-only"> unread</span>
              </span>
            )}
          </div>
          {(row.state !== "open" || viewers.length > 0) && (
            <div className="mt-1.5 flex items-center gap-2 text-xs">
              {row.state === "assigned" && (
                <span
                  className="inline-flex min-w-0 items-center gap-1 text-slate-600"
                  data-testid="row-assignee"
                >
                  <Avatar name={row.assigneeName ?? "?"} size="xs" />
                  <span className="truncate">
                    {row.assigneeId === me.id ? `You (${row.assigneeName})` : row.assigneeName}
                  </span>
                </span>
              )}
              {row.state === "closed" && (
                <span className="truncate text-slate-500" data-testid="row-closed">
                  {row.closedReason === "inactivity"
                    ? "Closed for inactivity"
                    : `Resolved by ${row.closedByName ?? "a member"}`}
                </span>
              )}
              {viewers.length > 0 && (
                <span
                  className="ml-auto inline-flex shrink-0 items-center gap-1 text-slate-500"
                  title={viewers.map((v) => v.name).join(", ")}
                >
                  <span className="flex -space-x-1">
                    {viewers.slice(0, 3).map((v) => (
                      <Avatar key={v.memberId} name={v.name} size="xs" ring />
                    ))}
                  </span>
                  <span className="sr-only">Viewing: {viewers.map((v) => v.name).join(", ")}</span>
                  viewing
                </span>
              )}
            </div>
          )}
        </div>
      </a>
    </li>
  );
}

function LiveDot({ status }: { status: LiveStatus }) {
  const label = status === "live" ? "Live" : status === "connecting" ? "Connecting…" : "Reconnecting…";
  return (
    <span
      className="mr-1 inline-flex items-center gap-1.5 text-[11px] font-medium text-slate-500"
      title={status === "live" ? "Updates arrive live" : "Trying to reconnect"}
    >
      <span
        className={`h-1.5 w-1.5 rounded-full ${status === "live" ? "bg-emerald-500" : "animate-pulse bg-amber-500"}`}
        aria-hidden
      />
      {label}
    </span>
  );
}

function ListSkeleton() {
  return (
    <ul aria-label="Loading conversations" aria-busy="true" className="divide-y divide-slate-100">
      {Array.from({ length: 7 }, (_, i) => (
        <li key={i} className="flex gap-3 px-4 py-3.5">
          <span className="h-9 w-9 animate-pulse rounded-full bg-slate-100" />
          <span className="flex-1 space-y-2">
            <span className="block h-3 w-1/2 animate-pulse rounded bg-slate-100" />
            <span className="block h-2.5 w-1/3 animate-pulse rounded bg-slate-100" />
            <span className="block h-2.5 w-4/5 animate-pulse rounded bg-slate-100" />
          </span>
        </li>
      ))}
    </ul>
  );
}

function EmptyList({ tab, mine }: { tab: Tab; mine: boolean }) {
  const text = {
    open: ["No open conversations", "You're all caught up. New customer messages land here."],
    assigned: mine
      ? ["Nothing assigned to you", "Pick up a conversation from Open to start."]
      : ["Nothing assigned", "Conversations being handled appear here."],
    closed: ["No closed conversations", "Resolved and inactive conversations appear here."],
  }[tab];
  return (
    <div className="flex flex-col items-center px-8 py-16 text-center">
      <span className="flex h-12 w-12 items-center justify-center rounded-full bg-emerald-50 text-emerald-600">
        <ChatIcon className="h-6 w-6" />
      </span>
      <p className="mt-4 text-sm font-medium text-slate-900">{text[0]}</p>
      <p className="mt-1 text-sm text-slate-500">{text[1]}</p>
    </div>
  );
}
