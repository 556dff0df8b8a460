"use client";

import { callAction } from "@/lib/actions/call-action";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useToast } from "@/components/ui/toast";

type R = { ok: true } | { ok: false; message: string; signedOut?: boolean };

/** Run a server action: toast its refusal, follow a sign-out, refresh the page on success. */
export function useRun() {
  const router = useRouter();
  const toast = useToast();
  const [pending, start] = useTransition();
  const run = <T extends R>(
    fn: () => Promise<T>,
    success?: string | ((r: Extract<T, { ok: true }>) => void),
  ) =>
    start(async () => {
      const r = await callAction(fn);
      if (!r.ok) {
        if (r.signedOut) window.location.assign("/login");
        toast({ title: r.message, tone: "error" });
        return;
      }
      if (typeof success === "string") toast({ title: success, tone: "success" });
      else success?.(r as Extract<T, { ok: true }>);
      router.refresh();
    });
  return { pending, run };
}

export const field = "h-9 rounded-lg border border-slate-300 bg-white px-2.5 text-sm";
export const label = "mb-1 block text-xs font-medium text-slate-600";
