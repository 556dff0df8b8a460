"use client";

import { useEffect, useImperativeHandle, useRef, useState, useSyncExternalStore, type Ref } from "react";
import { Button } from "@/components/ui/button";
import { AlertIcon, ClockIcon, SendIcon } from "@/components/ui/icons";
import { countdown } from "@/components/time/format";
import { useNow } from "@/components/time/relative-time";
import { callAction } from "@/lib/actions/call-action";
import { replyAction } from "@/lib/actions/conversations";
import { notSentNotice } from "@/lib/actions/failures";
import type { Thread } from "@/lib/queries/inbox/types";
import type { LiveSocket } from "@/lib/realtime/client/use-live-events";
import { useSendKey } from "../../use-send-key";
import { composerMode } from "./composer-state";
import {
  EMPTY_DRAFT as EMPTY,
  getDraft,
  newSendKey,
  setDraft,
  subscribeDrafts,
  type Draft,
} from "./draft-store";
import { goToLogin, type Me } from "./inbox-app";

export type { Draft };

export function useDraft(id: string | null): Draft {
  return useSyncExternalStore(
    subscribeDrafts,
    () => (id ? getDraft(id) : EMPTY),
    () => EMPTY,
  );
}

export type ComposerHandle = { focus: () => void };

export function Composer(props: {
  ref?: Ref<ComposerHandle>;
  me: Me;
  thread: Thread;
  draft: Draft;
  socket: LiveSocket | null;
  onSent: (messageId: string) => void;
  onRefused: () => void;
}) {
  const { thread, draft, me } = props;
  const conv = thread.conversation;
  const id = conv.id;
  const now = useNow(30_000);
  const mode = composerMode(conv, me, now ?? new Date());
  const [sending, setSending] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const typingSent = useRef(false);
  const templateKey = useSendKey();

  useImperativeHandle(props.ref, () => ({ focus: () => area.current?.focus() }));

  const stopTyping = () => {
    if (typingTimer.current) clearTimeout(typingTimer.current);
    typingTimer.current = null;
    if (typingSent.current) props.socket?.emit("conversation.typing", { conversationId: id, typing: false });
    typingSent.current = false;
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: stop typing when leaving the conversation
  useEffect(() => stopTyping, []);

  function onChange(text: string) {
    const cur = getDraft(id);
    // The draft begins now: remember the newest message the member has seen.
    const basedOn = cur.text.trim() === "" && text.trim() !== "" ? conv.lastMessageId : cur.basedOn;
    // An edited draft is a new message: its send gets a new key.
    setDraft(id, { ...cur, text, basedOn: text.trim() === "" ? null : basedOn, sendKey: undefined });
    if (!typingSent.current && text) {
      props.socket?.emit("conversation.typing", { conversationId: id, typing: true });
      typingSent.current = true;
    }
    if (typingTimer.current) clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(stopTyping, 3000);
  }

  async function send(template?: { templateId: string; params: string[] }) {
    const cur = getDraft(id);
    if (sending || (!template && !cur.text.trim())) return;
    setSending(true);
    stopTyping();
    const basedOn = template ? conv.lastMessageId : cur.basedOn;
    // One key per send attempt of this draft, kept until it is sent: sending it again after a
    // lost answer (or a reload) reuses it, and the server sends the message once.
    const idempotencyKey = template
      ? templateKey.keyFor(JSON.stringify(template))
      : (cur.sendKey ?? newSendKey());
    if (!template && cur.sendKey !== idempotencyKey) setDraft(id, { ...cur, sendKey: idempotencyKey });
    const r = await callAction(() =>
      replyAction(
        template
          ? { conversationId: id, template, basedOnMessageId: conv.lastMessageId, idempotencyKey }
          : { conversationId: id, text: cur.text, basedOnMessageId: basedOn, idempotencyKey },
      ),
    );
    setSending(false);
    const latest = getDraft(id);
    if (r.ok) {
      if (template) templateKey.done();
      else setDraft(id, EMPTY);
      props.onSent((r as { messageId: string }).messageId);
      return;
    }
    if (r.signedOut) return goToLogin();
    if (r.code === "stale") {
      const newest = (r as { data?: { lastMessageId?: string } }).data?.lastMessageId ?? conv.lastMessageId;
      // Hold the send: show what is new, keep the draft; the next Send is based on what is shown now.
      setDraft(id, {
        ...latest,
        basedOn: newest ?? null,
        highlightAfter: basedOn,
        notice: r.message,
        noticeKind: "stale",
      });
    } else {
      // The draft and its send key stay: pressing Send again is the same send, made once.
      setDraft(id, { ...latest, notice: notSentNotice(r.code, r.message), noticeKind: "refused" });
    }
    props.onRefused();
  }

  const notice = draft.notice && (
    <div
      role="alert"
      aria-label={draft.noticeKind === "stale" ? "New messages" : "Message not sent"}
      className={`mb-2 flex items-start gap-2 rounded-lg px-3 py-2 text-sm ${
        draft.noticeKind === "stale"
          ? "bg-amber-50 text-amber-900 ring-1 ring-amber-200"
          : "bg-red-50 text-red-800 ring-1 ring-red-200"
      }`}
    >
      <AlertIcon className="mt-0.5 h-4 w-4 shrink-0" />
      <span className="flex-1">{draft.notice}</span>
    </div>
  );

  if (mode.kind === "template") {
    return (
      <div className="shrink-0 border-t border-slate-200 bg-white px-4 py-3 lg:px-5">
        {notice}
        <TemplateComposer
          thread={thread}
          reason={mode.reason}
          sending={sending}
          onSend={(t) => void send(t)}
        />
      </div>
    );
  }

  const disabled = mode.kind === "disabled";
  return (
    <div className="shrink-0 border-t border-slate-200 bg-white px-4 pt-3 pb-3 lg:px-5">
      {notice}
      {disabled && (
        <p
          id={`reason-${id}`}
          className="mb-2 flex items-center gap-2 text-sm text-slate-600"
          data-testid="composer-reason"
        >
          <AlertIcon className="h-4 w-4 shrink-0 text-slate-500" />
          {mode.reason}
        </p>
      )}
      <div
        className={`flex items-end gap-2 rounded-xl border bg-white p-1.5 shadow-xs transition focus-within:border-emerald-500 focus-within:ring-2 focus-within:ring-emerald-500/20 ${disabled ? "border-slate-200 bg-slate-50" : "border-slate-300"}`}
      >
        <textarea
          ref={area}
          aria-label="Message"
          aria-describedby={disabled ? `reason-${id}` : `window-${id}`}
          rows={Math.min(6, Math.max(1, draft.text.split("\n").length))}
          value={draft.text}
          disabled={disabled}
          // Disabled: the reason is the line above (and the box's description); repeated as a
          // placeholder it would be cut off in a one-line box on a phone.
          placeholder={disabled ? undefined : "Write a reply…"}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void send();
            }
            if (e.key === "Escape") area.current?.blur();
          }}
          dir="auto"
          className="max-h-40 min-h-9 flex-1 resize-none bg-transparent px-2 py-1.5 text-[14px] text-slate-900 placeholder:text-slate-500 focus:outline-none disabled:cursor-not-allowed disabled:text-slate-500"
        />
        <Button
          variant="primary"
          pending={sending}
          disabled={disabled || !draft.text.trim()}
          onClick={() => void send()}
          className="h-9"
        >
          {!sending && <SendIcon className="h-4 w-4" />}
          Send
        </Button>
      </div>
      {mode.kind === "text" && (
        <p
          id={`window-${id}`}
          className="mt-1.5 flex items-center gap-1.5 px-1 text-[11px] text-slate-500"
          data-testid="window"
        >
          <ClockIcon className="h-3 w-3" />
          24-hour window open · {countdown(new Date(Date.now() + mode.windowLeftMs), new Date())} left to
          reply freely
          <span className="ml-auto hidden text-slate-500 sm:inline">
            Enter to send · Shift+Enter for a new line
          </span>
        </p>
      )}
    </div>
  );
}

function TemplateComposer({
  thread,
  reason,
  sending,
  onSend,
}: {
  thread: Thread;
  reason: string;
  sending: boolean;
  onSend: (t: { templateId: string; params: string[] }) => void;
}) {
  const [templateId, setTemplateId] = useState(thread.templates[0]?.id ?? "");
  const t = thread.templates.find((x) => x.id === templateId);
  const [params, setParams] = useState<string[]>([]);
  const values = Array.from({ length: t?.params ?? 0 }, (_, i) => params[i] ?? "");
  const preview = t
    ? t.body.replace(/\{\{\s*(\d+)\s*\}\}/g, (_, n) => values[Number(n) - 1] || `{{${n}}}`)
    : "";
  return (
    <div>
      <p className="mb-2 flex items-center gap-2 text-sm text-slate-600" data-testid="window">
        <ClockIcon className="h-4 w-4 shrink-0 text-amber-500" />
        {reason}
      </p>
      {thread.templates.length === 0 ? (
        <p className="text-sm text-slate-500">No templates are set up for this business yet.</p>
      ) : (
        <div className="space-y-2 rounded-xl border border-slate-200 p-3">
          <label className="block text-xs font-medium text-slate-600">
            Template
            <select
              value={templateId}
              onChange={(e) => {
                setTemplateId(e.target.value);
                setParams([]);
              }}
              className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900"
            >
              {thread.templates.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name} ({x.language})
                </option>
              ))}
            </select>
          </label>
          {values.length > 0 && (
            <div className="grid grid-cols-2 gap-2">
              {values.map((v, i) => (
                <label key={i} className="block text-xs font-medium text-slate-600">
                  Value {i + 1}
                  <input
                    value={v}
                    onChange={(e) => {
                      const next = [...values];
                      next[i] = e.target.value;
                      setParams(next);
                    }}
                    className="mt-1 block w-full rounded-lg border border-slate-300 px-2 py-1.5 text-sm text-slate-900"
                  />
                </label>
              ))}
            </div>
          )}
          <p
            dir="auto"
            className="rounded-lg bg-slate-50 px-3 py-2 text-sm whitespace-pre-wrap text-slate-700"
          >
            {preview}
          </p>
          <div className="flex justify-end">
            <Button
              variant="primary"
              pending={sending}
              disabled={!t || values.some((v) => !v.trim())}
              onClick={() => t && onSend({ templateId: t.id, params: values })}
            >
              Send template
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
