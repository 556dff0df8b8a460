import { getDb } from "@/db/client";
import { listTeam } from "@/lib/services/members/list";
import { getBusinessSettings, listUnroutable } from "@/lib/services/settings/business";
import { listDeadWebhookItems } from "@/lib/services/settings/failed-webhooks";
import { listTemplates } from "@/lib/services/settings/templates";
import { requireMember } from "@/lib/session";
import { BusinessPanel } from "./business-panel";
import { FailedWebhooksPanel } from "./failed-webhooks-panel";
import { MembersPanel } from "./members-panel";
import { TemplatesPanel } from "./templates-panel";

export const dynamic = "force-dynamic";
export const metadata = { title: "Settings · Switchboard" };

/** Admins and above. Every loader re-checks the role against the database. */
export default async function SettingsPage() {
  const me = await requireMember("settings.manage");
  const db = getDb();
  const [team, settings, tpl, unroutable, dead] = await Promise.all([
    listTeam(db, { actorId: me.id }),
    getBusinessSettings(db, { actorId: me.id }),
    listTemplates(db, { actorId: me.id }),
    listUnroutable(db, { actorId: me.id, limit: 50 }),
    listDeadWebhookItems(db, { actorId: me.id, limit: 50 }),
  ]);
  if (!team.ok || !settings.ok || !tpl.ok || !unroutable.ok || !dead.ok) {
    return <p className="p-6 text-sm text-red-700">Your role does not allow that.</p>;
  }
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto max-w-5xl space-y-6 px-6 py-6">
        <header>
          <h1 className="text-xl font-semibold tracking-tight text-slate-900">Settings</h1>
          <p className="text-sm text-slate-500">
            The team, the business’s numbers and how conversations close.
          </p>
        </header>
        <MembersPanel actor={team.actor} members={team.members} invites={team.invites} />
        <BusinessPanel business={settings.business} numbers={settings.numbers} />
        <TemplatesPanel templates={tpl.rows} />
        <FailedWebhooksPanel items={dead.items} />
        <section
          aria-label="Unroutable webhooks"
          className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs"
        >
          <div className="border-b border-slate-100 px-4 py-3">
            <h2 className="text-sm font-semibold text-slate-900">Unroutable webhook deliveries</h2>
            <p className="text-xs text-slate-500">
              Updates Meta sent for your WhatsApp Business Account about numbers not registered to this
              business. Add the number above to receive them.
            </p>
          </div>
          {unroutable.rows.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-slate-500">
              None — every delivery found its number.
            </p>
          ) : (
            <table className="w-full text-sm">
              <thead className="bg-slate-50 text-left text-xs font-medium text-slate-500">
                <tr>
                  <th className="px-4 py-2">Received</th>
                  <th className="px-4 py-2">Phone number ID</th>
                  <th className="px-4 py-2">Display number</th>
                  <th className="px-4 py-2">Content</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 text-slate-700">
                {unroutable.rows.map((u) => (
                  <tr key={u.id}>
                    <td className="px-4 py-2 whitespace-nowrap">
                      {u.receivedAt.toISOString().replace("T", " ").slice(0, 19)} UTC
                    </td>
                    <td className="px-4 py-2 font-mono text-xs">{u.phoneNumberId ?? "—"}</td>
                    <td className="px-4 py-2">{u.displayPhoneNumber ?? "—"}</td>
                    <td className="max-w-md truncate px-4 py-2 font-mono text-xs text-slate-500">
                      {JSON.stringify(u.value).slice(0, 200)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </div>
  );
}
