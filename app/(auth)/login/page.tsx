import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentMember } from "@/lib/session";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in · Switchboard" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (await getCurrentMember()) redirect("/inbox/open");
  const { next } = await searchParams;
  return (
    <main className="flex min-h-screen">
      <section className="hidden w-[44%] flex-col justify-between bg-emerald-900 p-12 text-emerald-50 lg:flex">
        <Logo />
        <div className="max-w-md">
          <p className="text-3xl font-semibold leading-tight tracking-tight text-white">
            Every WhatsApp conversation, one shared inbox.
          </p>
          <p className="mt-4 text-emerald-100/80">
            Pick up, reply and resolve together — live, without stepping on each other&apos;s toes.
          </p>
          <ul className="mt-8 space-y-3 text-sm text-emerald-100/90">
            <li className="flex gap-3">
              <Dot /> See who is viewing and typing in every conversation
            </li>
            <li className="flex gap-3">
              <Dot /> No stale replies: new messages hold your send
            </li>
            <li className="flex gap-3">
              <Dot /> Clear ownership from Open to Closed
            </li>
          </ul>
        </div>
        <p className="text-xs text-emerald-200">Switchboard · shared inbox for support teams</p>
      </section>
      <section className="flex flex-1 items-center justify-center bg-white px-6 py-12">
        <div className="w-full max-w-sm">
          <div className="lg:hidden">
            <Logo dark />
          </div>
          <h1 className="mt-8 text-2xl font-semibold tracking-tight text-slate-900 lg:mt-0">Sign in</h1>
          <p className="mt-1 text-sm text-slate-500">Welcome back. Use your work email.</p>
          <LoginForm next={next ?? ""} />
        </div>
      </section>
    </main>
  );
}

function Dot() {
  return <span aria-hidden className="mt-1.5 h-1.5 w-1.5 shrink-0 rounded-full bg-emerald-400" />;
}

function Logo({ dark = false }: { dark?: boolean }) {
  return (
    <div className="flex items-center gap-2.5">
      <span className="flex h-9 w-9 items-center justify-center rounded-xl bg-emerald-500 text-white shadow-sm">
        <svg
          viewBox="0 0 24 24"
          className="h-5 w-5"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          aria-hidden
        >
          <path d="M4 6h16M4 12h10M4 18h6" strokeLinecap="round" />
        </svg>
      </span>
      <span className={`text-lg font-semibold tracking-tight ${dark ? "text-slate-900" : "text-white"}`}>
        Switchboard
      </span>
    </div>
  );
}
