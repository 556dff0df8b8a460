import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { getDb } from "@/db/client";
import { REVIEW_PERMISSION, reviewOptions, searchClosed, type Cursor } from "@/lib/services/review/closed";
import { filtersToQuery, invalidReviewFilters, parseReviewFilters } from "@/lib/services/review/filters";
import { isUuid } from "@/lib/services/result";
import { requireMember } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata = { title: "Closed review · Switchboard" };

type SP = Record<string, string | string[] | undefined>;

// The "Older →" link's cursor, as this page writes it: an ISO instant, "_", the id.
const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

function parseCursor(v: string | string[] | undefined): Cursor | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  const [t, id] = (s ?? "").split("_");
  // Only what toISOString() writes, so no year PostgreSQL cannot hold reaches the query.
  if (!t || !CURSOR_AT.test(t)) return undefined;
  const at = new Date(t);
  const year = at.getUTCFullYear();
  return id && isUuid(id) && !Number.isNaN(at.getTime()) && year >= 1970 && year <= 9999
    ? { closedAt: at, id }
    : undefined;
}

const fmt = (d: Date) =>
  d.toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
  });

/** Owners, admins and managers review what was closed; agents are sent back to the inbox. */
export default async function ReviewPage({ searchParams }: { searchParams: Promise<SP> }) {
  const me = await requireMember(REVIEW_PERMISSION);
  const sp = await searchParams;
  const filters = parseReviewFilters(sp);
  // A page cannot answer 400, so it says plainly which filters it ignored instead of guessing.
  const ignored = invalidReviewFilters(sp);
  const after = parseCursor(sp.after);
  const [list, options] = await Promise.all([
    searchClosed(getDb(), { actorId: me.id, filters, after, limit: 50 }),
    reviewOptions(getDb(), { actorId: me.id }),
  ]);
  if (!list.ok || !options.ok)
    return <p className="p-6 text-sm text-red-700">{list.ok ? "" : list.message}</p>;
  const query = filtersToQuery(filters);
  const input = "h-9 w-full rounded-lg border border-slate-300 bg-white px-2.5 text-sm";
  const label = "mb-1 block text-xs font-medium text-slate-600";
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto max-w-7xl space-y-5 px-6 py-6">
        <header className="flex items-end justify-between gap-4">
          <div>
            <h1 className="text-xl font-semibold tracking-tight text-slate-900">Closed review</h1>
            <p className="text-sm text-slate-500">Every closed conversation, searchable by what was said.</p>
          </div>
          <a
            href={`/api/review/export${query ? `?${query}` : ""}`}
            className="inline-flex h-9 items-center rounded-lg border border-slate-300 bg-white px-3.5 text-sm font-medium text-slate-700 shadow-xs hover:bg-slate-50"
          >
            Export CSV
          </a>
        </header>

        {ignored.length > 0 && (
          <p
            role="alert"
            aria-label="Ignored filters"
            className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          >
            Ignored {ignored.length === 1 ? "a filter that is" : "filters that are"} not valid:{" "}
            {ignored.join(", ")}. Dates are YYYY-MM-DD.
          </p>
        )}

        <form
          method="get"
          aria-label="Filters"
          className="grid grid-cols-2 gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-xs md:grid-cols-4 xl:grid-cols-8"
        >
          <div className="col-span-2">
            <label htmlFor="q" className={label}>
              Search messages
            </label>
            <input
              id="q"
              name="q"
              type="search"
              defaultValue={filters.q ?? ""}
              placeholder="refund, order 1234…"
              className={input}
            />
          </div>
          <div>
            <label htmlFor="from" className={label}>
              Closed from (UTC)
            </label>
            <input id="from" name="from" type="date" defaultValue={filters.from ?? ""} className={input} />
          </div>
          <div>
            <label htmlFor="to" className={label}>
              Closed to (UTC)
            </label>
            <input id="to" name="to" type="date" defaultValue={filters.to ?? ""} className={input} />
          </div>
          <div>
            <label htmlFor="member" className={label}>
              Member
            </label>
            <select id="member" name="member" defaultValue={filters.member ?? ""} className={input}>
              <option value="">Anyone</option>
              {options.members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                  {m.active ? "" : " (deactivated)"}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="number" className={label}>
              Number
            </label>
            <select id="number" name="number" defaultValue={filters.number ?? ""} className={input}>
              <option value="">All numbers</option>
              {options.numbers.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.label} · {n.displayNumber}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="reason" className={label}>
              Reason
            </label>
            <select id="reason" name="reason" defaultValue={filters.reason ?? ""} className={input}>
              <option value="">Any reason</option>
              <option value="resolved">Resolved</option>
              <option value="inactivity">Inactivity</option>
            </select>
          </div>
          <div>
            <label htmlFor="customer" className={label}>
              Customer
            </label>
            <input
              id="customer"
              name="customer"
              defaultValue={filters.customer ?? ""}
              placeholder="Name or number"
              className={input}
            />
          </div>
          <div className="col-span-2 flex items-end gap-2 md:col-span-4 xl:col-span-8">
            <button
              type="submit"
              className="h-9 rounded-lg bg-emerald-600 px-4 text-sm font-medium text-white shadow-sm hover:bg-emerald-700"
            >
              Apply filters
            </button>
            <Link
              href="/review"
              className="h-9 rounded-lg px-3 text-sm leading-9 text-slate-600 hover:bg-slate-100"
            >
              Clear
            </Link>
            <p className="ml-auto text-sm text-slate-500" data-testid="review-total">
              {list.total.toLocaleString("en-US")} closed conversation{list.total === 1 ? "" : "s"}
            </p>
          </div>
        </form>

        <section
          aria-label="Closed conversations"
          className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs"
        >
          {list.rows.length === 0 ? (
            <p className="px-4 py-10 text-center text-sm text-slate-500">
              No closed conversation matches these filters.
            </p>
          ) : (
            <table className="w-full">
              <thead className="bg-slate-50">
                <tr className="text-left text-xs font-medium text-slate-500">
                  <th className="px-4 py-2">Customer</th>
                  <th className="px-4 py-2">Last message</th>
                  <th className="px-4 py-2">Number</th>
                  <th className="px-4 py-2">Handled by</th>
                  <th className="px-4 py-2">Reason</th>
                  <th className="px-4 py-2">Closed (UTC)</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 text-sm text-slate-700">
                {list.rows.map((r) => (
                  <tr key={r.id} className="hover:bg-slate-50">
                    <td className="px-4 py-2.5">
                      <Link
                        href={`/review/${r.id}${query ? `?${query}` : ""}`}
                        className="font-medium text-slate-900 hover:underline"
                      >
                        {r.customerName ?? r.customerWaId ?? "Customer"}
                      </Link>
                      <p className="text-xs text-slate-500">{r.customerWaId}</p>
                    </td>
                    <td className="max-w-xs truncate px-4 py-2.5 text-slate-600">{r.lastMessagePreview}</td>
                    <td className="px-4 py-2.5">{r.numberLabel}</td>
                    <td className="px-4 py-2.5">
                      {r.handledByName ?? <span className="text-slate-500">—</span>}
                    </td>
                    <td className="px-4 py-2.5">
                      {r.reason === "resolved" ? (
                        <Badge tone="emerald">Resolved</Badge>
                      ) : (
                        <Badge tone="amber">Inactivity</Badge>
                      )}
                    </td>
                    <td className="px-4 py-2.5 whitespace-nowrap tabular-nums">{fmt(r.closedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div
            className={`justify-between border-t border-slate-100 px-4 py-2.5 text-sm ${after || list.next ? "flex" : "hidden"}`}
          >
            {after ? (
              <Link href={`/review${query ? `?${query}` : ""}`} className="text-slate-600 hover:underline">
                ← Newest
              </Link>
            ) : (
              <span />
            )}
            {list.next && (
              <Link
                href={`/review?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(query)), after: `${list.next.closedAt.toISOString()}_${list.next.id}` })}`}
                className="font-medium text-emerald-700 hover:underline"
              >
                Older →
              </Link>
            )}
          </div>
        </section>
      </div>
    </div>
  );
}
