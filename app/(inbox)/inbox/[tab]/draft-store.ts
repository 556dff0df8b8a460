/**
 * Drafts, one per conversation, kept in sessionStorage so that a reload (or a crash of the tab's
 * page) never loses what a member was writing. An in-memory copy serves React's
 * useSyncExternalStore, which needs the same object back until the draft changes.
 *
 * `sendKey` is the idempotency key of the draft's current send attempt: sending the same draft
 * again (after a lost answer, a reload, a double press) reuses it, so the server sends it once.
 */
export type Draft = {
  text: string;
  basedOn: string | null;
  highlightAfter?: string | null;
  notice: string | null;
  noticeKind?: "stale" | "refused";
  sendKey?: string;
};

export const EMPTY_DRAFT: Draft = { text: "", basedOn: null, notice: null };
const PREFIX = "switchboard.draft.";
const cache = new Map<string, Draft>();
const listeners = new Set<() => void>();

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null; // storage disabled: drafts live in memory only
  }
}

export function getDraft(id: string): Draft {
  const hit = cache.get(id);
  if (hit) return hit;
  let d = EMPTY_DRAFT;
  const raw = storage()?.getItem(PREFIX + id);
  if (raw) {
    try {
      const v = JSON.parse(raw) as Partial<Draft>;
      if (typeof v.text === "string") {
        d = {
          text: v.text,
          basedOn: typeof v.basedOn === "string" ? v.basedOn : null,
          notice: null,
          ...(typeof v.sendKey === "string" ? { sendKey: v.sendKey } : {}),
        };
      }
    } catch {
      // a damaged entry is an empty draft
    }
  }
  cache.set(id, d);
  return d;
}

export function setDraft(id: string, d: Draft): void {
  cache.set(id, d);
  const s = storage();
  try {
    if (!d.text && !d.sendKey) s?.removeItem(PREFIX + id);
    else s?.setItem(PREFIX + id, JSON.stringify({ text: d.text, basedOn: d.basedOn, sendKey: d.sendKey }));
  } catch {
    // storage full or disabled: the in-memory draft still works
  }
  for (const l of listeners) l();
}

export function subscribeDrafts(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** A fresh key for a new send attempt (crypto.randomUUID needs a secure context; fall back). */
export function newSendKey(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
