"use client";

import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/time/relative-time";
import type { State } from "@/lib/domain/conversation-machine";
import type { Thread } from "@/lib/queries/inbox/types";

const STATE_TONE = { open: "sky", assigned: "emerald", closed: "slate" } as const;
const STATE_LABEL = { open: "Open", assigned: "Assigned", closed: "Closed" } as const;

/** The customer behind the conversation, and their other conversations with the business. */
export function DetailsPane({
  thread,
  onOpen,
}: {
  thread: Thread;
  onOpen: (id: string, state: State) => void;
}) {
  const { customer, conversation: c, others } = thread;
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="flex flex-col items-center border-b border-slate-100 px-5 pt-6 pb-5 text-center">
        <Avatar name={customer.name} size="lg" />
        <p dir="auto" className="mt-3 text-[15px] font-semibold text-slate-900">
          {customer.name}
        </p>
        <p className="mt-0.5 text-sm text-slate-500">
          {customer.waId ? `+${customer.waId}` : customer.username ? `@${customer.username}` : ""}
        </p>
      </div>
      <dl className="space-y-3 border-b border-slate-100 px-5 py-4 text-sm">
        <Item label="Status">
          <Badge tone={STATE_TONE[c.state]}>{STATE_LABEL[c.state]}</Badge>
        </Item>
        <Item label="Number">
          {c.numberLabel} <span className="text-slate-500">{c.numberDisplay}</span>
        </Item>
        {c.state === "assigned" && <Item label="Assignee">{c.assigneeName}</Item>}
        {c.state === "closed" && (
          <Item label="Closed">
            {c.closedReason === "inactivity"
              ? "For inactivity"
              : `Resolved by ${c.closedByName ?? "a member"}`}
          </Item>
        )}
        <Item label="Started">
          <RelativeTime iso={c.createdAt} variant="long" />
        </Item>
        <Item label="Customer since">
          <RelativeTime iso={customer.since} variant="long" />
        </Item>
      </dl>
      <section className="px-5 py-4" aria-labelledby="other-conversations">
        <h3 id="other-conversations" className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
          Other conversations
        </h3>
        {others.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">This is their only conversation.</p>
        ) : (
          <ul className="mt-2 space-y-1.5">
            {others.map((o) => (
              <li key={o.id}>
                <a
                  href={`/inbox/${o.state}?c=${o.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    onOpen(o.id, o.state);
                  }}
                  className="block rounded-lg border border-slate-200 px-3 py-2 hover:border-slate-300 hover:bg-slate-50"
                >
                  <span className="flex items-center justify-between gap-2">
                    <Badge tone={STATE_TONE[o.state]}>{STATE_LABEL[o.state]}</Badge>
                    <RelativeTime iso={o.lastActivityAt} className="text-xs text-slate-500" />
                  </span>
                  <span dir="auto" className="mt-1 block truncate text-sm text-slate-700">
                    {o.preview ?? "No messages"}
                  </span>
                  <span className="block text-xs text-slate-500">to {o.numberLabel}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex items-center justify-between gap-3">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-right text-slate-800">{children}</dd>
    </div>
  );
}
