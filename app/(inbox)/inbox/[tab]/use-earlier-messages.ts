"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type {
  RepliedMessage,
  Thread,
  ThreadEvent,
  ThreadMessage,
  ThreadPage,
} from "@/lib/queries/inbox/types";
import { goToLogin } from "./inbox-app";

/** What has been loaded before the live page, for one conversation. */
type Older = {
  conversationId: string;
  messages: ThreadMessage[];
  events: ThreadEvent[];
  replied: RepliedMessage[];
  /** where the next earlier page starts; null once the beginning is reached */
  cursor: string | null;
};

function dedupe<T extends { id: string }>(...lists: T[][]): T[] {
  const byId = new Map<string, T>();
  // A later list's copy replaces an earlier one's (fresher status) but keeps its place.
  for (const list of lists) for (const x of list) byId.set(x.id, x);
  return [...byId.values()];
}

function dedupeReplied(...lists: RepliedMessage[][]): RepliedMessage[] {
  const byWamid = new Map<string, RepliedMessage>();
  for (const list of lists) for (const r of list) byWamid.set(r.wamid, r);
  return [...byWamid.values()];
}

async function fetchPage(conversationId: string, before: string): Promise<ThreadPage | null> {
  const res = await fetch(
    `/api/inbox/conversations/${conversationId}/messages?before=${encodeURIComponent(before)}`,
    { cache: "no-store" },
  );
  if (res.status === 401) {
    goToLogin();
    return null;
  }
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as ThreadPage;
}

/**
 * Older messages of a long thread. The live thread (refetched on every change) holds the newest
 * page; this keeps the pages loaded before it, page by page backwards, and merges both into one
 * timeline. Should so many new messages arrive that the live page no longer reaches what is held,
 * the stretch between is fetched so the loaded history never has a hole.
 */
export function useEarlierMessages(conversationId: string | null, thread: Thread | null) {
  const [older, setOlder] = useState<Older | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);
  const live = thread && thread.conversation.id === conversationId ? thread : null;
  const mine = older && older.conversationId === conversationId ? older : null;
  const pageFirst = live?.messages[0]?.id ?? null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a different conversation starts afresh
  useEffect(() => {
    setOlder(null);
    setError(null);
  }, [conversationId]);

  const hasOlder = mine ? mine.cursor !== null : !!live?.olderCursor;

  /** Load the page before what is shown. Resolves true when messages were added. */
  const loadEarlier = useCallback(async (): Promise<boolean> => {
    if (inFlight.current || !live || !conversationId) return false;
    const before = mine ? mine.cursor : live.olderCursor;
    if (!before) return false;
    inFlight.current = true;
    setLoading(true);
    setError(null);
    try {
      const page = await fetchPage(conversationId, before);
      if (!page) return false;
      setOlder((prev) => {
        // The first time, the live page joins what is held: when newer messages later push its
        // oldest ones out of the live page, they stay in the timeline.
        const base = prev && prev.conversationId === conversationId ? prev : live;
        return {
          conversationId,
          messages: dedupe(page.messages, base.messages),
          events: dedupe(page.events, base.events),
          replied: dedupeReplied(page.replied, base.replied),
          cursor: page.olderCursor,
        };
      });
      return page.messages.length > 0;
    } catch {
      setError("Could not load earlier messages. Try again.");
      return false;
    } finally {
      inFlight.current = false;
      setLoading(false);
    }
  }, [conversationId, live, mine]);

  // So many new messages arrived that the live page no longer reaches what is held: fetch the
  // stretch in between.
  useEffect(() => {
    if (!mine || !live || !pageFirst) return;
    const held = new Set(mine.messages.map((m) => m.id));
    if (held.has(pageFirst)) return;
    const convId = mine.conversationId;
    const current = live;
    let cancelled = false;
    void (async () => {
      const pages: ThreadPage[] = [];
      let before: string | null = pageFirst;
      for (let i = 0; i < 5 && before; i++) {
        const page: ThreadPage | null = await fetchPage(convId, before).catch(() => null);
        if (!page) return;
        pages.unshift(page);
        if (page.messages.some((m) => held.has(m.id))) break;
        before = page.olderCursor;
      }
      if (cancelled) return;
      setOlder((prev) =>
        prev && prev.conversationId === convId
          ? {
              ...prev,
              messages: dedupe(prev.messages, ...pages.map((p) => p.messages), current.messages),
              events: dedupe(prev.events, ...pages.map((p) => p.events), current.events),
              replied: dedupeReplied(prev.replied, ...pages.map((p) => p.replied), current.replied),
            }
          : prev,
      );
    })();
    return () => {
      cancelled = true;
    };
  }, [pageFirst, mine, live]);

  const merged = useMemo(() => {
    if (!live) return null;
    if (!mine) return { messages: live.messages, events: live.events, replied: live.replied };
    return {
      messages: dedupe(mine.messages, live.messages),
      events: dedupe(mine.events, live.events),
      replied: dedupeReplied(mine.replied, live.replied),
    };
  }, [live, mine]);

  return {
    merged,
    hasOlder,
    /** every message back to the first has been loaded */
    reachedStart: !!mine && mine.cursor === null,
    olderCount: mine?.messages.length ?? 0,
    loading,
    error,
    loadEarlier,
  };
}
