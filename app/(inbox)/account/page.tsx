import type { Metadata } from "next";
import { ROLE_LABELS } from "@/lib/domain/roles";
import { requireMember } from "@/lib/session";
import { ChangePasswordForm, SignOutEverywhere } from "./account-forms";

export const metadata: Metadata = { title: "Account · Switchboard" };
export const dynamic = "force-dynamic";

/** Every member's own account: who they are, Change password, Sign out everywhere. */
export default async function AccountPage({ searchParams }: { searchParams: Promise<{ changed?: string }> }) {
  const me = await requireMember();
  const { changed } = await searchParams;
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto max-w-xl space-y-5 px-4 py-6">
        <header>
          <h1 className="text-xl font-semibold text-slate-900">Account</h1>
          <p className="text-sm text-slate-500">
            {me.name} · {me.email} · {ROLE_LABELS[me.role]} at {me.business.name}
          </p>
        </header>
        {changed && (
          <p
            role="status"
            className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
          >
            Your password was changed. Every other session of yours was signed out.
          </p>
        )}
        <section
          aria-labelledby="change-password"
          className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs"
        >
          <h2 id="change-password" className="text-sm font-semibold text-slate-900">
            Change password
          </h2>
          <p className="mt-0.5 text-xs text-slate-500">
            Signs you out on every other browser and device; this one stays signed in.
          </p>
          <ChangePasswordForm />
        </section>
        <section
          aria-labelledby="sessions"
          className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs"
        >
          <h2 id="sessions" className="text-sm font-semibold text-slate-900">
            Sessions
          </h2>
          <p className="mt-0.5 text-xs text-slate-500">
            Signed in somewhere you should not be? End every session of yours, this one included.
          </p>
          <SignOutEverywhere />
        </section>
      </div>
    </div>
  );
}
