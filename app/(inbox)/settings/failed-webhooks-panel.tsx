"use client";

import { Button } from "@/components/ui/button";
import { retryDeadWebhookItemAction } from "@/lib/actions/failed-webhooks";
import type { DeadWebhookItem } from "@/lib/services/settings/failed-webhooks";
import { useRun } from "./use-run";

const when = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 19)} UTC`;

/**
 * Webhook updates that could not be processed after every automatic retry, with the reason.
 * The rest of their delivery was processed; Retry runs the one update again.
 */
export function FailedWebhooksPanel({ items }: { items: DeadWebhookItem[] }) {
  const { pending, run } = useRun();
  return (
    <section
      aria-label="Failed webhook updates"
      className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs"
    >
      <div className="border-b border-slate-100 px-4 py-3">
        <h2 className="text-sm font-semibold text-slate-900">Failed webhook updates</h2>
        <p className="text-xs text-slate-500">
          Updates from WhatsApp that failed every automatic retry. Everything else in their delivery was
          processed. Fix the cause, then retry.
        </p>
      </div>
      {items.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-slate-500">None — every update was processed.</p>
      ) : (
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs font-medium text-slate-500">
            <tr>
              <th className="px-4 py-2">Gave up</th>
              <th className="px-4 py-2">Update</th>
              <th className="px-4 py-2">Attempts</th>
              <th className="px-4 py-2">Reason</th>
              <th className="px-4 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 text-slate-700">
            {items.map((i) => (
              <tr key={i.id}>
                <td className="px-4 py-2 whitespace-nowrap">{when(i.deadAt)}</td>
                <td className="px-4 py-2">
                  <span className="font-medium">{i.kind}</span>
                  {i.from && <span className="text-slate-500"> from {i.from}</span>}
                  <span className="block max-w-xs truncate font-mono text-xs text-slate-500">
                    {i.subject}
                  </span>
                </td>
                <td className="px-4 py-2">{i.attempts}</td>
                <td className="max-w-md px-4 py-2 text-xs break-words text-red-700">{i.reason}</td>
                <td className="px-4 py-2 text-right">
                  <Button
                    size="sm"
                    variant="ghost"
                    pending={pending}
                    aria-label={`Retry failed update ${i.subject}`}
                    onClick={() => run(() => retryDeadWebhookItemAction({ itemId: i.id }), "Processed.")}
                  >
                    Retry
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
