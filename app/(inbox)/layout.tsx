import type { Metadata } from "next";
import { ToastProvider } from "@/components/ui/toast";
import { Avatar } from "@/components/ui/avatar";
import { LogoutIcon } from "@/components/ui/icons";
import { getConfig } from "@/lib/config";
import { can, ROLE_LABELS } from "@/lib/domain/roles";
import { requireMember } from "@/lib/session";
import { signOutAction } from "../(auth)/login/actions";
import { NavLinks, type NavItem } from "./nav-links";

export const metadata: Metadata = { title: "Switchboard" };
export const dynamic = "force-dynamic";

/** The app shell of every signed-in page: navigation for the member's role, who they are, Sign out. */
export default async function InboxLayout({ children }: { children: React.ReactNode }) {
  const me = await requireMember();
  const items: NavItem[] = [{ href: "/inbox/open", match: "/inbox", label: "Inbox", icon: "inbox" }];
  if (can(me.role, "dashboard.view")) {
    items.push({ href: "/dashboard", match: "/dashboard", label: "Dashboard", icon: "chart" });
    items.push({ href: "/review", match: "/review", label: "Closed review", icon: "archive" });
  }
  if (can(me.role, "campaigns.manage"))
    items.push({ href: "/campaigns", match: "/campaigns", label: "Campaigns", icon: "megaphone" });
  if (can(me.role, "settings.manage"))
    items.push({ href: "/settings", match: "/settings", label: "Settings", icon: "gear" });
  if (getConfig().simulator)
    items.push({ href: "/simulator", match: "/simulator", label: "Simulator", icon: "phone" });
  // Every member: change password, sign out everywhere.
  items.push({ href: "/account", match: "/account", label: "Account", icon: "user" });

  return (
    <ToastProvider>
      <div className="flex h-dvh flex-col overflow-hidden bg-slate-50 lg:flex-row">
        <aside className="hidden w-56 shrink-0 flex-col border-r border-slate-200 bg-white lg:flex">
          <div className="flex h-14 items-center gap-2.5 border-b border-slate-100 px-4">
            <BrandMark />
            <div className="min-w-0">
              <p className="text-[15px] font-semibold leading-tight tracking-tight text-slate-900">
                Switchboard
              </p>
              <p className="truncate text-[11px] text-slate-500">{me.business.name}</p>
            </div>
          </div>
          <nav aria-label="Main" className="flex-1 px-3 py-3">
            <NavLinks items={items} />
          </nav>
          <div className="border-t border-slate-200 p-3">
            <div className="flex items-center gap-2.5 px-1 py-1">
              <Avatar name={me.name} size="sm" />
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium text-slate-900">{me.name}</p>
                <p className="text-xs text-slate-500">{ROLE_LABELS[me.role]}</p>
              </div>
            </div>
            <form action={signOutAction} className="mt-2">
              <button
                type="submit"
                className="flex w-full items-center gap-2 rounded-lg px-2 py-1.5 text-[13px] font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900"
              >
                <LogoutIcon className="h-4 w-4 text-slate-500" />
                Sign out
              </button>
            </form>
          </div>
        </aside>
        <header className="flex h-12 shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-3 lg:hidden">
          <BrandMark />
          <nav aria-label="Main" className="min-w-0 flex-1 overflow-x-auto">
            <NavLinks items={items} compact />
          </nav>
          <form action={signOutAction}>
            <button
              type="submit"
              aria-label="Sign out"
              title={`Sign out ${me.name}`}
              className="rounded-md p-2 text-slate-500 hover:bg-slate-100"
            >
              <LogoutIcon className="h-5 w-5" />
            </button>
          </form>
        </header>
        <main className="flex min-h-0 min-w-0 flex-1 flex-col">{children}</main>
      </div>
    </ToastProvider>
  );
}

function BrandMark() {
  return (
    <span className="flex h-8 w-8 shrink-0 items-center justify-center rounded-lg bg-emerald-600 text-white shadow-sm">
      <svg
        viewBox="0 0 24 24"
        className="h-4.5 w-4.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.2"
        aria-hidden
      >
        <path d="M4 6h16M4 12h10M4 18h6" strokeLinecap="round" />
      </svg>
    </span>
  );
}
