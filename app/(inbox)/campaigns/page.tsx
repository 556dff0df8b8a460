import Link from "next/link";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { wabaNumbers } from "@/db/schema";
import { listCampaigns } from "@/lib/services/campaigns/read";
import { listTemplates } from "@/lib/services/templates/catalogue";
import { requireMember } from "@/lib/session";
import { CampaignForm } from "./campaign-form";
import { TotalsBar } from "./totals-bar";

export const dynamic = "force-dynamic";
export const metadata = { title: "Campaigns · Switchboard" };

/** Campaigns (admins and owners; requireMember re-checks the role from the database). */
export default async function CampaignsPage() {
  const me = await requireMember("campaigns.manage");
  const db = getDb();
  const [templates, numbers, campaigns] = await Promise.all([
    listTemplates(db, me.businessId),
    db
      .select({ id: wabaNumbers.id, label: wabaNumbers.label, displayNumber: wabaNumbers.displayNumber })
      .from(wabaNumbers)
      .where(and(eq(wabaNumbers.businessId, me.businessId), eq(wabaNumbers.active, true)))
      .orderBy(asc(wabaNumbers.label)),
    listCampaigns(db, me.businessId),
  ]);

  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto max-w-5xl space-y-8 px-4 py-6 lg:px-8">
        <header>
          <h1 className="text-xl font-semibold text-slate-900">Campaigns</h1>
          <p className="mt-1 text-sm text-slate-600">
            Send an approved template to a list of customers. Campaign messages do not appear in the inbox; a
            customer&apos;s reply arrives there like any other message, with the campaign message shown above
            it.
          </p>
        </header>

        <section
          aria-labelledby="new-campaign"
          className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
        >
          <h2 id="new-campaign" className="text-base font-semibold text-slate-900">
            New campaign
          </h2>
          {templates.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">
              There are no templates yet. Add one in{" "}
              <Link className="text-emerald-700 underline" href="/settings">
                Settings
              </Link>{" "}
              first.
            </p>
          ) : (
            <CampaignForm
              templates={templates.map((t) => ({
                id: t.id,
                name: t.name,
                language: t.language,
                body: t.body,
                paramCount: t.paramCount,
              }))}
              numbers={numbers}
            />
          )}
        </section>

        <section aria-labelledby="past-campaigns">
          <h2 id="past-campaigns" className="mb-3 text-base font-semibold text-slate-900">
            Sent campaigns
          </h2>
          {campaigns.length === 0 ? (
            <p className="text-sm text-slate-500">No campaigns yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
              {campaigns.map((c) => (
                <li key={c.id}>
                  <Link href={`/campaigns/${c.id}`} className="block px-5 py-4 hover:bg-slate-50">
                    <div className="flex flex-wrap items-baseline justify-between gap-2">
                      <span className="font-medium text-slate-900">{c.name}</span>
                      <span className="text-xs text-slate-500">
                        {c.template} · from {c.numberLabel} ({c.displayNumber}) ·{" "}
                        {c.createdAt.toLocaleString("en-GB")}
                      </span>
                    </div>
                    <TotalsBar totals={c.totals} />
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
