import type { ReactNode } from "react";

/** The card a one-time link opens on (invite, password reset): signed out, centred, branded. */
export function LinkPageCard({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4">
      <div className="w-full max-w-sm rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <p className="text-sm font-semibold text-emerald-700">Switchboard</p>
        {children}
      </div>
    </main>
  );
}
