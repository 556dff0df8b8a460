"use client";

import { callAction } from "@/lib/actions/call-action";
import { useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type Ref } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { AlertIcon, BackIcon, ChatIcon, ClockIcon } from "@/components/ui/icons";
import { countdown, dayLabel } from "@/components/time/format";
import { useNow } from "@/components/time/relative-time";
import {
  assignAction,
  pickUpAction,
  reassignAction,
  resolveAction,
  returnToOpenAction,
  takeOverAction,
} from "@/lib/actions/conversations";
import { retryMessageAction } from "@/lib/actions/messages";
import { useSendKey } from "../../use-send-key";
import type { State } from "@/lib/domain/conversation-machine";
import type { AssignableMember, Thread } from "@/lib/queries/inbox/types";
import type { LiveSocket } from "@/lib/realtime/client/use-live-events";
import { availableActions, type ActionName } from "./composer-state";
import { Composer, type ComposerHandle, useDraft } from "./composer";
import { goToLogin, type Me, type Viewers } from "./inbox-app";
import { MessageItem } from "./message-item";
import { describeEvent, mergeTimeline } from "./timeline";
import { useEarlierMessages } from "./use-earlier-messages";

export type ThreadHandle = { focusComposer: () => void; resolve: () => void };

const ACTION_LABELS: Record<ActionName, string> = {
  pickUp: "Pick up",
  assign: "Assign",
  takeOver: "Take over",
  reassign: "Reassign",
  resolve: "Mark as resolved",
  returnToOpen: "Return to Open",
};

type Result = { ok: true } | { ok: false; message: string; signedOut?: boolean };

export function ThreadView(props: {
  ref?: Ref<ThreadHandle>;
  me: Me;
  conversationId: string | null;
  thread: Thread | null;
  status: "ready" | "loading" | "missing";
  viewers: Viewers;
  socket: LiveSocket | null;
  onBack: () => void;
  onChanged: () => void;
  onPatchLastMessage: (id: string) => void;
  onOpenConversation: (id: string, state: State) => void;
}) {
  const { thread, me } = props;
  const [pending, setPending] = useState<ActionName | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [picker, setPicker] = useState<"assign" | "reassign" | null>(null);
  const composer = useRef<ComposerHandle>(null);
  const bottom = useRef<HTMLDivElement>(null);
  const draft = useDraft(props.conversationId);
  const now = useNow(30_000);

  const conv = thread?.conversation;
  const actions = conv ? availableActions(conv, me) : [];

  async function run(name: ActionName, targetMemberId?: string) {
    if (!conv || pending) return;
    setPending(name);
    setNotice(null);
    const input = { conversationId: conv.id, targetMemberId };
    const fn = {
      pickUp: pickUpAction,
      assign: assignAction,
      takeOver: takeOverAction,
      reassign: reassignAction,
      resolve: resolveAction,
      returnToOpen: returnToOpenAction,
    }[name];
    const r = (await callAction(() => fn(input))) as Result;
    setPending(null);
    if (!r.ok) {
      if (r.signedOut) return goToLogin();
      setNotice(r.message);
    }
    props.onChanged();
  }

  const retryKey = useSendKey();
  async function retry(messageId: string) {
    setNotice(null);
    const r = (await callAction(() =>
      retryMessageAction({ messageId, idempotencyKey: retryKey.keyFor(messageId) }),
    )) as Result;
    if (r.ok) retryKey.done();
    else {
      if (r.signedOut) return goToLogin();
      setNotice(r.message);
    }
    props.onChanged();
  }

  useImperativeHandle(props.ref, () => ({
    focusComposer: () => composer.current?.focus(),
    resolve: () => {
      if (actions.includes("resolve")) void run("resolve");
    },
  }));

  // The live thread is the newest page; earlier pages load on request and join it in one timeline.
  const earlier = useEarlierMessages(props.conversationId, thread);
  const merged = earlier.merged;
  const items = useMemo(() => (merged ? mergeTimeline(merged.messages, merged.events) : []), [merged]);
  const repliedByWamid = useMemo(() => new Map((merged?.replied ?? []).map((r) => [r.wamid, r])), [merged]);

  // Loading earlier messages keeps what the member was looking at in place.
  const scroller = useRef<HTMLDivElement>(null);
  const keepScroll = useRef<{ height: number; top: number } | null>(null);
  const atTopTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  async function loadEarlier() {
    const el = scroller.current;
    if (el && !keepScroll.current) keepScroll.current = { height: el.scrollHeight, top: el.scrollTop };
    if (!(await earlier.loadEarlier())) keepScroll.current = null;
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when earlier messages were added
  useLayoutEffect(() => {
    const el = scroller.current;
    const keep = keepScroll.current;
    if (!el || !keep) return;
    el.scrollTop = el.scrollHeight - keep.height + keep.top;
    keepScroll.current = null;
  }, [earlier.olderCount]);
  // Resting at the top of a thread with earlier messages loads them too.
  function onScroll() {
    const el = scroller.current;
    if (!el || !earlier.hasOlder || el.scrollTop > 80) {
      if (atTopTimer.current) clearTimeout(atTopTimer.current);
      atTopTimer.current = null;
      return;
    }
    atTopTimer.current ??= setTimeout(() => {
      atTopTimer.current = null;
      if (scroller.current && scroller.current.scrollTop <= 80) void loadEarlier();
    }, 600);
  }
  useEffect(
    () => () => {
      if (atTopTimer.current) clearTimeout(atTopTimer.current);
    },
    [],
  );

  // Messages that arrived after the draft began are highlighted while the send is held.
  const highlighted = useMemo(() => {
    const set = new Set<string>();
    if (!thread || draft.highlightAfter === undefined) return set;
    const msgs = thread.messages;
    const from = draft.highlightAfter === null ? 0 : msgs.findIndex((m) => m.id === draft.highlightAfter) + 1;
    for (const m of msgs.slice(Math.max(0, from)))
      if (m.direction === "inbound" || m.authorName !== me.name) set.add(m.id);
    return set;
  }, [thread, draft.highlightAfter, me.name]);

  const lastId = thread?.messages[thread.messages.length - 1]?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the newest message changes
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [lastId, props.conversationId]);

  if (!props.conversationId) return <NoSelection />;
  if (props.status === "missing") {
    return (
      <div className="flex flex-1 flex-col items-center justify-center px-8 text-center">
        <p className="text-base font-medium text-slate-900">Conversation not found</p>
        <p className="mt-1 text-sm text-slate-500">It does not exist, or it belongs to another business.</p>
        <Button className="mt-4" onClick={props.onBack}>
          Back to the list
        </Button>
      </div>
    );
  }
  if (!thread || !conv) return <ThreadSkeleton />;

  const typing = props.viewers.filter((v) => v.typing);
  const watching = props.viewers.filter((v) => !v.typing);
  const stateBadge =
    conv.state === "open" ? (
      <Badge tone="sky">Open</Badge>
    ) : conv.state === "assigned" ? (
      <Badge tone="emerald">Assigned</Badge>
    ) : (
      <Badge>Closed</Badge>
    );

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <header className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 bg-white px-4 py-3 lg:px-5">
        <button
          type="button"
          onClick={props.onBack}
          aria-label="Back to conversations"
          className="-ml-1 rounded-md p-1 text-slate-500 hover:bg-slate-100 lg:hidden"
        >
          <BackIcon className="h-5 w-5" />
        </button>
        <Avatar name={conv.customerName} />
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-2">
            <h2 dir="auto" className="truncate text-[15px] font-semibold text-slate-900">
              {conv.customerName}
            </h2>
            {stateBadge}
          </div>
          {/* The assignee wraps to its own line when the number leaves no room (on a phone): it
              is never the part that gets cut off. */}
          <p className="mt-0.5 flex flex-wrap gap-x-1 text-xs text-slate-500">
            <span className="min-w-0 max-w-full truncate">
              {conv.customerNumber} · to {conv.numberLabel} ({conv.numberDisplay})
            </span>
            {conv.state === "assigned" && (
              <span className="shrink-0">
                <span aria-hidden>· </span>
                <span data-testid="thread-assignee">Assigned to {conv.assigneeName}</span>
              </span>
            )}
          </p>
        </div>
        {props.viewers.length > 0 && (
          <div className="flex items-center gap-1.5 text-xs text-slate-500" data-testid="viewers">
            <span className="flex -space-x-1.5">
              {props.viewers.slice(0, 4).map((v) => (
                <Avatar key={v.memberId} name={v.name} size="sm" ring />
              ))}
            </span>
            <span className="hidden sm:inline">
              {watching.length > 0 && `${watching.map((v) => v.name).join(", ")} viewing`}
            </span>
          </div>
        )}
        {actions.length > 0 && (
          <div className="flex w-full flex-wrap items-center gap-2 sm:w-auto">
            {actions.map((a) => (
              <div key={a} className="relative">
                <Button
                  size="sm"
                  variant={
                    a === "pickUp" || (a === "resolve" && conv.assigneeId === me.id) ? "primary" : "secondary"
                  }
                  pending={pending === a}
                  disabled={!!pending && pending !== a}
                  aria-haspopup={a === "assign" || a === "reassign" ? "dialog" : undefined}
                  aria-expanded={a === "assign" || a === "reassign" ? picker === a : undefined}
                  onClick={() =>
                    a === "assign" || a === "reassign" ? setPicker(picker === a ? null : a) : void run(a)
                  }
                >
                  {ACTION_LABELS[a]}
                </Button>
                {picker === a && (a === "assign" || a === "reassign") && (
                  <MemberPicker
                    title={a === "assign" ? "Assign to" : "Reassign to"}
                    exclude={conv.assigneeId}
                    onClose={() => setPicker(null)}
                    onPick={(id) => {
                      setPicker(null);
                      void run(a, id);
                    }}
                  />
                )}
              </div>
            ))}
          </div>
        )}
      </header>

      {conv.state === "assigned" && conv.autoCloseAt && (
        <div
          className="flex shrink-0 items-center gap-2 border-b border-amber-100 bg-amber-50/70 px-5 py-1.5 text-xs text-amber-900"
          data-testid="auto-close"
        >
          <ClockIcon className="h-3.5 w-3.5" />
          {now
            ? `Closes for inactivity in ${countdown(conv.autoCloseAt, now)} unless the customer writes`
            : "Closes for inactivity if the customer stays silent"}
        </div>
      )}

      {notice && (
        <div
          role="alert"
          aria-label="Action refused"
          className="mx-4 mt-3 flex items-start gap-2 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          <AlertIcon className="mt-0.5 h-4 w-4 shrink-0" />
          <span className="flex-1">{notice}</span>
          <button
            type="button"
            onClick={() => setNotice(null)}
            className="text-xs font-medium text-amber-800 hover:underline"
          >
            Dismiss
          </button>
        </div>
      )}

      <div ref={scroller} onScroll={onScroll} className="min-h-0 flex-1 overflow-y-auto px-4 py-5 lg:px-8">
        <ol aria-label="Messages" className="mx-auto flex max-w-3xl flex-col gap-3">
          {earlier.hasOlder && (
            <li className="flex flex-col items-center gap-1 pb-1">
              <button
                type="button"
                onClick={() => void loadEarlier()}
                aria-busy={earlier.loading || undefined}
                className={`rounded-full bg-white px-3 py-1 text-xs font-medium text-slate-700 shadow-xs ring-1 ring-slate-200 hover:bg-slate-50 ${earlier.loading ? "cursor-progress opacity-60" : ""}`}
              >
                Load earlier messages
              </button>
              {earlier.error && (
                <span role="alert" className="text-xs text-red-700">
                  {earlier.error}
                </span>
              )}
            </li>
          )}
          {earlier.reachedStart && (
            <li className="pb-1 text-center text-xs text-slate-500">Beginning of the conversation</li>
          )}
          {items.map((it, i) => {
            const prev = items[i - 1];
            const day = !prev || new Date(prev.at).toDateString() !== new Date(it.at).toDateString();
            return (
              <DayWrap
                key={it.kind === "message" ? it.message.id : it.event.id}
                day={day ? dayLabel(it.at, now ?? new Date(it.at)) : null}
              >
                {it.kind === "message" ? (
                  <MessageItem
                    m={it.message}
                    replied={
                      it.message.replyToWamid ? (repliedByWamid.get(it.message.replyToWamid) ?? null) : null
                    }
                    highlighted={highlighted.has(it.message.id)}
                    onRetry={retry}
                  />
                ) : (
                  <li
                    className="flex items-center gap-3 py-1 text-xs text-slate-500"
                    data-testid="timeline-event"
                  >
                    <span className="h-px flex-1 bg-slate-200" />
                    <span className="text-center">
                      {describeEvent(it.event)}
                      <span className="text-slate-500">
                        {" "}
                        ·{" "}
                        {new Date(it.at).toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit" })}
                      </span>
                    </span>
                    <span className="h-px flex-1 bg-slate-200" />
                  </li>
                )}
              </DayWrap>
            );
          })}
          {items.length === 0 && (
            <li className="py-10 text-center text-sm text-slate-500">
              No messages in this conversation yet.
            </li>
          )}
        </ol>
        <div ref={bottom} />
      </div>

      <div
        className="h-5 shrink-0 px-5 text-xs text-emerald-700 italic"
        aria-live="polite"
        data-testid="typing"
      >
        {typing.length > 0 &&
          `${typing.map((v) => v.name).join(", ")} ${typing.length > 1 ? "are" : "is"} typing…`}
      </div>
      <Composer
        ref={composer}
        me={me}
        thread={thread}
        draft={draft}
        socket={props.socket}
        onSent={(id) => {
          props.onPatchLastMessage(id);
          props.onChanged();
        }}
        onRefused={() => props.onChanged()}
      />
    </div>
  );
}

function DayWrap({ day, children }: { day: string | null; children: React.ReactNode }) {
  return (
    <>
      {day && (
        <li className="sticky top-0 z-10 flex justify-center py-1" aria-hidden>
          <span className="rounded-full bg-white/90 px-2.5 py-0.5 text-[11px] font-medium text-slate-500 shadow-xs ring-1 ring-slate-200 backdrop-blur">
            {day}
          </span>
        </li>
      )}
      {children}
    </>
  );
}

function MemberPicker({
  title,
  exclude,
  onPick,
  onClose,
}: {
  title: string;
  exclude: string | null;
  onPick: (id: string) => void;
  onClose: () => void;
}) {
  const [members, setMembers] = useState<AssignableMember[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    let alive = true;
    fetch("/api/inbox/members", { cache: "no-store" })
      .then(async (r) => {
        if (r.status === 401) return goToLogin();
        if (!r.ok) throw new Error();
        const j = (await r.json()) as { members: AssignableMember[] };
        if (alive) setMembers(j.members);
      })
      .catch(() => alive && setError("Could not load the team."));
    const onDoc = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) close.current();
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && close.current();
    document.addEventListener("mousedown", onDoc);
    document.addEventListener("keydown", onKey);
    return () => {
      alive = false;
      document.removeEventListener("mousedown", onDoc);
      document.removeEventListener("keydown", onKey);
    };
  }, []);
  const list = (members ?? []).filter((m) => m.id !== exclude);
  return (
    <div
      ref={box}
      role="dialog"
      aria-label={title}
      className="absolute top-full right-0 z-30 mt-1.5 w-64 rounded-xl border border-slate-200 bg-white p-1.5 shadow-lg"
    >
      <p className="px-2 pt-1 pb-1.5 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">
        {title}
      </p>
      {error && <p className="px-2 py-2 text-sm text-red-700">{error}</p>}
      {!members && !error && <p className="px-2 py-2 text-sm text-slate-500">Loading team…</p>}
      <ul className="max-h-72 overflow-y-auto">
        {list.map((m, i) => (
          <li key={m.id}>
            <button
              type="button"
              autoFocus={i === 0}
              onClick={() => onPick(m.id)}
              className="flex w-full items-center gap-2.5 rounded-lg px-2 py-1.5 text-left hover:bg-slate-50 focus-visible:bg-slate-50"
            >
              <Avatar name={m.name} size="sm" />
              <span className="min-w-0 flex-1">
                <span className="block truncate text-sm font-medium text-slate-900">{m.name}</span>
                <span className="block text-xs text-slate-500 capitalize">{m.role}</span>
              </span>
              <span
                className="shrink-0 rounded-full bg-slate-100 px-2 py-0.5 text-[11px] font-medium text-slate-600"
                title="Conversations assigned now"
              >
                {m.load} assigned
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function NoSelection() {
  return (
    <div className="flex flex-1 flex-col items-center justify-center px-8 text-center">
      <span className="flex h-14 w-14 items-center justify-center rounded-2xl bg-white text-emerald-600 shadow-sm ring-1 ring-slate-200">
        <ChatIcon className="h-7 w-7" />
      </span>
      <p className="mt-4 text-base font-medium text-slate-900">Select a conversation</p>
      <p className="mt-1 max-w-xs text-sm text-slate-500">
        Choose one from the list, or press{" "}
        <kbd className="rounded border border-slate-300 bg-white px-1 text-xs">j</kbd> to start at the top.
      </p>
    </div>
  );
}

function ThreadSkeleton() {
  return (
    <div className="flex flex-1 flex-col" aria-busy="true">
      <span className="sr-only">Loading conversation…</span>
      <div className="flex items-center gap-3 border-b border-slate-200 bg-white px-5 py-3.5">
        <span className="h-9 w-9 animate-pulse rounded-full bg-slate-100" />
        <span className="space-y-2">
          <span className="block h-3 w-40 animate-pulse rounded bg-slate-100" />
          <span className="block h-2.5 w-56 animate-pulse rounded bg-slate-100" />
        </span>
      </div>
      <div className="flex-1 space-y-4 px-8 py-6">
        {[60, 40, 70, 35].map((w, i) => (
          <span
            key={i}
            className={`block h-10 animate-pulse rounded-2xl bg-slate-200/60 ${i % 2 ? "ml-auto" : ""}`}
            style={{ width: `${w}%` }}
          />
        ))}
      </div>
    </div>
  );
}
