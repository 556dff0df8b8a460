import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getCampaign } from "@/lib/services/campaigns/read";
import { isUuid } from "@/lib/services/result";
import { requireMember } from "@/lib/session";
import { LiveRefresh } from "../live-refresh";
import { TotalsBar } from "../totals-bar";

export const dynamic = "force-dynamic";

const LABEL: Record<string, { text: string; cls: string }> = {
  queued: { text: "Sending", cls: "bg-slate-100 text-slate-700" },
  sending: { text: "Sending", cls: "bg-slate-100 text-slate-700" },
  sent: { text: "Sent", cls: "bg-sky-100 text-sky-800" },
  delivered: { text: "Delivered", cls: "bg-emerald-100 text-emerald-800" },
  read: { text: "Read", cls: "bg-emerald-600 text-white" },
  failed: { text: "Failed", cls: "bg-rose-100 text-rose-800" },
};

/** One campaign: totals and each recipient's delivery state, kept live. */
export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requireMember("campaigns.manage");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const c = await getCampaign(getDb(), me.businessId, id);
  if (!c) notFound();

  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <LiveRefresh
        campaignId={c.id}
        initialSeq={Number(me.business.eventSeq)}
        pending={c.totals.pending > 0}
      />
      <div className="mx-auto max-w-5xl space-y-6 px-4 py-6 lg:px-8">
        <nav className="text-sm">
          <Link href="/campaigns" className="text-emerald-700 hover:underline">
            ← Campaigns
          </Link>
        </nav>
        <header className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
          <h1 className="text-xl font-semibold text-slate-900">{c.name}</h1>
          <p className="mt-1 text-sm text-slate-600">
            Template <span className="font-medium">{c.template}</span> from {c.numberLabel} ({c.displayNumber}
            ) · {c.createdAt.toLocaleString("en-GB")}
          </p>
          <TotalsBar totals={c.totals} />
        </header>
        <section
          aria-label="Recipients"
          className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm"
        >
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2 font-medium">Recipient</th>
                <th className="px-4 py-2 font-medium">Status</th>
                <th className="px-4 py-2 font-medium">Updated</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {c.recipients.map((r) => {
                const l = LABEL[r.status] ?? { text: r.status, cls: "bg-slate-100" };
                return (
                  <tr key={r.messageId}>
                    <td className="px-4 py-2 font-mono text-slate-800">
                      +{r.waId}
                      {r.name ? <span className="ml-2 font-sans text-slate-500">{r.name}</span> : null}
                    </td>
                    <td className="px-4 py-2">
                      <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${l.cls}`}>
                        {l.text}
                      </span>
                      {r.status === "failed" && r.errorMessage ? (
                        <span className="ml-2 text-xs text-rose-700">{r.errorMessage}</span>
                      ) : null}
                    </td>
                    <td className="px-4 py-2 text-xs text-slate-500">
                      {r.statusAt?.toLocaleTimeString("en-GB") ?? ""}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}
