"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import {
  ArchiveIcon,
  ChartIcon,
  GearIcon,
  InboxIcon,
  MegaphoneIcon,
  PhoneIcon,
  UserIcon,
} from "@/components/ui/icons";

export type NavItem = { href: string; match: string; label: string; icon: keyof typeof ICONS };

const ICONS = {
  inbox: InboxIcon,
  chart: ChartIcon,
  archive: ArchiveIcon,
  megaphone: MegaphoneIcon,
  gear: GearIcon,
  phone: PhoneIcon,
  user: UserIcon,
};

export function NavLinks({ items, compact = false }: { items: NavItem[]; compact?: boolean }) {
  const path = usePathname();
  return (
    <ul className={compact ? "flex items-center gap-1" : "space-y-0.5"}>
      {items.map((it) => {
        const active = path === it.match || path.startsWith(`${it.match}/`);
        const Icon = ICONS[it.icon];
        return (
          <li key={it.href}>
            <Link
              href={it.href}
              aria-current={active ? "page" : undefined}
              className={`flex items-center gap-2.5 rounded-lg font-medium transition-colors ${
                compact ? "px-2.5 py-1.5 text-[13px] whitespace-nowrap" : "px-3 py-2 text-sm"
              } ${active ? "bg-emerald-50 text-emerald-800" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"}`}
            >
              <Icon
                className={`h-4.5 w-4.5 shrink-0 ${active ? "text-emerald-600" : "text-slate-500"} ${compact ? "hidden sm:block" : ""}`}
              />
              {it.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
