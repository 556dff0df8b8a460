import Link from "next/link";
import { getDb } from "@/db/client";
import { LinkPageCard } from "@/components/ui/link-page-card";
import { lookupPasswordReset } from "@/lib/services/members/password-reset";
import { ResetForm } from "./reset-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Choose a new password · Switchboard" };

/** The one-time password reset link an admin passed on: choose a new password, or learn why not. */
export default async function ResetPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const reset = await lookupPasswordReset(getDb(), token);
  return (
    <LinkPageCard>
      {reset.status === "valid" ? (
        <>
          <h1 className="mt-1 text-xl font-semibold text-slate-900">Choose a new password</h1>
          <p className="mt-1 text-sm text-slate-500">
            For <strong>{reset.email}</strong>. Every session of yours is signed out when you save it.
          </p>
          <ResetForm token={token} email={reset.email} />
        </>
      ) : (
        <>
          <h1 className="mt-1 text-xl font-semibold text-slate-900">
            {reset.status === "used"
              ? "This password reset link was already used"
              : reset.status === "expired"
                ? "This password reset link has expired"
                : "This password reset link is not valid"}
          </h1>
          <p className="mt-2 text-sm text-slate-600">
            Each link works once. Ask an admin of your team for a new one if you still need it.
          </p>
          <Link
            href="/login"
            className="mt-4 inline-block text-sm font-medium text-emerald-700 hover:underline"
          >
            Go to sign in
          </Link>
        </>
      )}
    </LinkPageCard>
  );
}
