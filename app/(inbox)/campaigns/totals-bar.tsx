import type { CampaignTotals } from "@/lib/services/campaigns/read";

const PARTS: { key: keyof Omit<CampaignTotals, "recipients">; label: string; color: string }[] = [
  { key: "read", label: "Read", color: "bg-emerald-600" },
  { key: "delivered", label: "Delivered", color: "bg-emerald-400" },
  { key: "sent", label: "Sent", color: "bg-sky-400" },
  { key: "pending", label: "Sending", color: "bg-slate-300" },
  { key: "failed", label: "Failed", color: "bg-rose-500" },
];

/** Per-status totals of a campaign: a stacked bar and the numbers beside their labels. */
export function TotalsBar({ totals }: { totals: CampaignTotals }) {
  const all = Math.max(1, totals.recipients);
  return (
    <div className="mt-2">
      <div className="flex h-2 overflow-hidden rounded-full bg-slate-100" aria-hidden>
        {PARTS.map((p) => (
          <div key={p.key} className={p.color} style={{ width: `${(totals[p.key] / all) * 100}%` }} />
        ))}
      </div>
      <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        <div className="flex gap-1">
          <dt>Recipients</dt>
          <dd className="font-semibold text-slate-900">{totals.recipients}</dd>
        </div>
        {PARTS.map((p) => (
          <div key={p.key} className="flex items-center gap-1">
            <span className={`inline-block h-2 w-2 rounded-full ${p.color}`} aria-hidden />
            <dt>{p.label}</dt>
            <dd className="font-semibold text-slate-900" data-testid={`total-${p.key}`}>
              {totals[p.key]}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
