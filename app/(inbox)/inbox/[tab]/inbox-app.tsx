"use client";

import { callAction } from "@/lib/actions/call-action";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useToast } from "@/components/ui/toast";
import { markReadAction } from "@/lib/actions/conversations";
import type { Role } from "@/lib/domain/roles";
import type { ConversationRow, Counts, ListPage, Tab, Thread } from "@/lib/queries/inbox/types";
import { isTab } from "@/lib/queries/inbox/types";
import type { LiveEvent, PresencePayload } from "@/lib/realtime/events";
import { useLiveEvents } from "@/lib/realtime/client/use-live-events";
import { ConversationList } from "./conversation-list";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { ThreadView, type ThreadHandle } from "./thread-view";
import { DetailsPane } from "./details-pane";

export type Me = { id: string; name: string; role: Role; businessId: string };
export type Viewers = PresencePayload["viewers"];

type Initial = {
  tab: Tab;
  mine: boolean;
  conversationId: string | null;
  counts: Counts;
  list: ListPage;
  thread: Thread | null;
};
type ListState = {
  key: string;
  items: ConversationRow[];
  nextCursor: string | null;
  status: "ready" | "loading";
  loadingMore: boolean;
};
type ThreadState = { id: string | null; data: Thread | null; status: "ready" | "loading" | "missing" };

const PAGE = 30;
const listKey = (tab: Tab, mine: boolean) => `${tab}:${mine && tab === "assigned" ? "mine" : "all"}`;

export function goToLogin() {
  window.location.assign("/login");
}

async function getJson<T>(url: string): Promise<T | null | "missing"> {
  const res = await fetch(url, { cache: "no-store" });
  if (res.status === 401) {
    goToLogin();
    return null;
  }
  if (res.status === 404) return "missing";
  if (!res.ok) return null;
  return (await res.json()) as T;
}

/** The live inbox: tabs and list, the open thread, the customer's details — all kept equal to the database. */
export function InboxApp({ me, initial }: { me: Me; initial: Initial }) {
  const pathname = usePathname();
  const search = useSearchParams();
  const seg = pathname.split("/")[2];
  const tab: Tab = isTab(seg) ? seg : "open";
  const c = search.get("c");
  const mine = tab === "assigned" && search.get("mine") === "1";

  const [counts, setCounts] = useState<Counts>(initial.counts);
  const [list, setList] = useState<ListState>({
    key: listKey(initial.tab, initial.mine),
    items: initial.list.items,
    nextCursor: initial.list.nextCursor,
    status: "ready",
    loadingMore: false,
  });
  const [thread, setThread] = useState<ThreadState>({
    id: initial.conversationId,
    data: initial.thread,
    status: initial.conversationId && !initial.thread ? "missing" : "ready",
  });
  const [presence, setPresence] = useState<Record<string, Viewers>>({});
  const [newOpen, setNewOpen] = useState(0);
  const [showHelp, setShowHelp] = useState(false);
  const toast = useToast();
  const threadRef = useRef<ThreadHandle>(null);

  const state = useRef({ tab, c, mine, list, thread });
  state.current = { tab, c, mine, list, thread };

  // ---- URL (the address names the tab and the conversation) ----
  const navigate = useCallback((next: { tab?: Tab; c?: string | null; mine?: boolean }, replace = false) => {
    const cur = state.current;
    const t = next.tab ?? cur.tab;
    const conv = next.c === undefined ? cur.c : next.c;
    const m = t === "assigned" && (next.mine ?? (t === cur.tab ? cur.mine : false));
    const q = new URLSearchParams();
    if (m) q.set("mine", "1");
    if (conv) q.set("c", conv);
    const url = `/inbox/${t}${q.size ? `?${q}` : ""}`;
    if (replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  }, []);

  // ---- loaders; a newer request makes an older answer irrelevant ----
  const seqs = useRef({ counts: 0, list: 0, thread: 0 });

  const loadCounts = useCallback(async () => {
    const n = ++seqs.current.counts;
    const r = await getJson<Counts>("/api/inbox/counts");
    if (r && r !== "missing" && n === seqs.current.counts) setCounts(r);
  }, []);

  const loadList = useCallback(async (keep: boolean) => {
    const { tab: t, mine: m, list: l } = state.current;
    const key = listKey(t, m);
    const limit = keep && l.key === key ? Math.min(Math.max(l.items.length, PAGE), 200) : PAGE;
    const n = ++seqs.current.list;
    const r = await getJson<ListPage>(`/api/inbox/list?tab=${t}&mine=${m ? 1 : 0}&limit=${limit}`);
    if (!r || r === "missing" || n !== seqs.current.list) return;
    setList({ key, items: r.items, nextCursor: r.nextCursor, status: "ready", loadingMore: false });
  }, []);

  const loadMore = useCallback(async () => {
    const l = state.current.list;
    if (!l.nextCursor || l.loadingMore || l.status !== "ready") return;
    setList((x) => ({ ...x, loadingMore: true }));
    const n = seqs.current.list;
    const r = await getJson<ListPage>(
      `/api/inbox/list?tab=${state.current.tab}&mine=${state.current.mine ? 1 : 0}&cursor=${encodeURIComponent(l.nextCursor)}`,
    );
    if (!r || r === "missing" || n !== seqs.current.list) {
      setList((x) => ({ ...x, loadingMore: false }));
      return;
    }
    setList((x) => {
      const seen = new Set(x.items.map((i) => i.id));
      return {
        ...x,
        items: [...x.items, ...r.items.filter((i) => !seen.has(i.id))],
        nextCursor: r.nextCursor,
        loadingMore: false,
      };
    });
  }, []);

  const lastMarked = useRef<Record<string, string | null>>({});
  const loadThread = useCallback(async () => {
    const id = state.current.c;
    if (!id) return;
    const n = ++seqs.current.thread;
    const r = await getJson<Thread>(`/api/inbox/conversations/${id}`);
    if (n !== seqs.current.thread || state.current.c !== id || r === null) return;
    if (r === "missing") {
      setThread({ id, data: null, status: "missing" });
      return;
    }
    setThread({ id, data: r, status: "ready" });
  }, []);

  // Coalesce bursts of events into one round of refetches.
  const pending = useRef({ counts: false, list: false, thread: false });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const schedule = useCallback(
    (what: { counts?: boolean; list?: boolean; thread?: boolean }) => {
      const p = pending.current;
      p.counts ||= !!what.counts;
      p.list ||= !!what.list;
      p.thread ||= !!what.thread;
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        const run = { ...pending.current };
        pending.current = { counts: false, list: false, thread: false };
        if (run.counts) void loadCounts();
        if (run.list) void loadList(true);
        if (run.thread) void loadThread();
      }, 40);
    },
    [loadCounts, loadList, loadThread],
  );

  // ---- live ----
  const announceNew = useCallback(
    async (conversationId: string) => {
      const visible = document.visibilityState === "visible";
      if (!(state.current.tab === "open" && visible)) setNewOpen((n) => n + 1);
      const row = await getJson<ConversationRow>(`/api/inbox/conversations/${conversationId}?row=1`);
      const r = row && row !== "missing" ? row : null;
      toast({
        title: r ? `New conversation from ${r.customerName}` : "New conversation",
        body: r?.preview ?? undefined,
        action: { label: "Open it", onClick: () => navigate({ tab: "open", c: conversationId }) },
      });
    },
    [toast, navigate],
  );

  const onEvent = useCallback(
    (e: LiveEvent) => {
      const cur = state.current;
      if (e.type === "member.changed" || e.type === "business.changed") {
        schedule({ counts: true, list: true, thread: true });
        return;
      }
      const forThread = "conversationId" in e && !!e.conversationId && e.conversationId === cur.c;
      schedule({ counts: e.type.startsWith("conversation."), list: true, thread: forThread });
      if (
        e.type === "conversation.created" ||
        (e.type === "conversation.updated" && e.state === "open" && e.fromState === "closed")
      ) {
        void announceNew(e.conversationId);
      }
    },
    [schedule, announceNew],
  );

  const { socket, status } = useLiveEvents(initial.counts.seq, {
    onEvent,
    onResync: () => schedule({ counts: true, list: true, thread: true }),
    onPresence: (p) => setPresence((prev) => ({ ...prev, [p.conversationId]: p.viewers })),
  });

  // Tell the server what we look at (again after every reconnect: it forgets with the socket).
  useEffect(() => {
    if (socket && status === "live") socket.emit("conversation.view", { conversationId: c });
  }, [socket, status, c]);

  // ---- reacting to the address ----
  useEffect(() => {
    if (state.current.list.key === listKey(tab, mine)) return;
    seqs.current.list++;
    setList({ key: listKey(tab, mine), items: [], nextCursor: null, status: "loading", loadingMore: false });
    void loadList(false);
  }, [tab, mine, loadList]);

  useEffect(() => {
    if (!c) return;
    // Shown before (Back, or the first paint from the server): keep it on screen, refresh quietly.
    if (state.current.thread.id !== c) setThread({ id: c, data: null, status: "loading" });
    void loadThread();
  }, [c, loadThread]);

  useEffect(() => {
    if (tab !== "open") return;
    setNewOpen(0);
    // Coming back to a hidden Open tab counts as having seen what arrived.
    const seen = () => document.visibilityState === "visible" && setNewOpen(0);
    document.addEventListener("visibilitychange", seen);
    return () => document.removeEventListener("visibilitychange", seen);
  }, [tab]);

  // Reading a conversation clears the member's own unread count for it.
  const threadData = thread.data;
  useEffect(() => {
    if (!threadData || threadData.conversation.id !== c) return;
    const latest = threadData.conversation.lastMessageId;
    if (lastMarked.current[threadData.conversation.id] === latest) return;
    lastMarked.current[threadData.conversation.id] = latest;
    void callAction(() => markReadAction({ conversationId: threadData.conversation.id })).then((r) => {
      if (!r.ok && r.signedOut) goToLogin();
      else schedule({ list: true });
    });
  }, [threadData, c, schedule]);

  // The tab title counts new Open conversations the member has not looked at yet.
  useEffect(() => {
    document.title = `${newOpen > 0 ? `(${newOpen}) ` : ""}Inbox · Switchboard`;
  }, [newOpen]);

  // ---- keyboard: j/k move, r reply, e resolve, ? help ----
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      const t = ev.target as HTMLElement | null;
      if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
      if (document.querySelector("[role=dialog]") && ev.key !== "?") return;
      const items = state.current.list.items;
      const idx = items.findIndex((i) => i.id === state.current.c);
      if (ev.key === "j" || ev.key === "k") {
        if (!items.length) return;
        const next =
          ev.key === "j" ? Math.min(items.length - 1, idx + 1) : Math.max(0, idx === -1 ? 0 : idx - 1);
        ev.preventDefault();
        navigate({ c: items[next].id });
        document.getElementById(`row-${items[next].id}`)?.scrollIntoView({ block: "nearest" });
      } else if (ev.key === "r") {
        ev.preventDefault();
        threadRef.current?.focusComposer();
      } else if (ev.key === "e") {
        ev.preventDefault();
        threadRef.current?.resolve();
      } else if (ev.key === "?") {
        ev.preventDefault();
        setShowHelp((v) => !v);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [navigate]);

  const refreshAll = useCallback(() => schedule({ counts: true, list: true, thread: true }), [schedule]);
  const viewers = useMemo(
    () => (c ? (presence[c] ?? []).filter((v) => v.memberId !== me.id) : []),
    [presence, c, me.id],
  );

  return (
    <div className="flex min-h-0 flex-1">
      <div
        className={`${c ? "hidden lg:flex" : "flex"} w-full min-w-0 flex-col border-slate-200 bg-white lg:w-[340px] lg:border-r lg:shrink-0`}
      >
        <ConversationList
          me={me}
          tab={tab}
          mine={mine}
          selectedId={c}
          counts={counts}
          items={list.key === listKey(tab, mine) ? list.items : []}
          loading={list.status === "loading" || list.key !== listKey(tab, mine)}
          loadingMore={list.loadingMore}
          hasMore={!!list.nextCursor}
          presence={presence}
          live={status}
          onTab={(t) => navigate({ tab: t, c: null, mine: false })}
          onMine={(m) => navigate({ mine: m, c: null })}
          onSelect={(id) => navigate({ c: id })}
          onMore={loadMore}
          onHelp={() => setShowHelp(true)}
        />
      </div>
      <section
        aria-label="Conversation"
        className={`${c ? "flex" : "hidden lg:flex"} min-w-0 flex-1 flex-col bg-slate-50`}
      >
        <ThreadView
          ref={threadRef}
          key={c ?? "none"}
          me={me}
          conversationId={c}
          thread={thread.id === c ? thread.data : null}
          status={thread.id === c ? thread.status : "loading"}
          viewers={viewers}
          socket={socket}
          onBack={() => navigate({ c: null })}
          onChanged={refreshAll}
          onPatchLastMessage={(id) =>
            setThread((t) =>
              t.data
                ? { ...t, data: { ...t.data, conversation: { ...t.data.conversation, lastMessageId: id } } }
                : t,
            )
          }
          onOpenConversation={(id, state) => navigate({ tab: state, c: id, mine: false })}
        />
      </section>
      {c && thread.id === c && thread.data && (
        <aside
          aria-label="Customer details"
          className="hidden w-[300px] shrink-0 flex-col border-l border-slate-200 bg-white min-[1360px]:flex"
        >
          <DetailsPane thread={thread.data} onOpen={(id, s) => navigate({ tab: s, c: id, mine: false })} />
        </aside>
      )}
      {showHelp && <ShortcutsDialog onClose={() => setShowHelp(false)} />}
    </div>
  );
}
