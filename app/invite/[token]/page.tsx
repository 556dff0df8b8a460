import Link from "next/link";
import { getDb } from "@/db/client";
import { LinkPageCard } from "@/components/ui/link-page-card";
import { ROLE_LABELS } from "@/lib/domain/roles";
import { lookupInvite } from "@/lib/services/members/invite";
import { AcceptForm } from "./accept-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Join your team · Switchboard" };

/** The one-time invite link: set a name and password, or learn why the link no longer works. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await lookupInvite(getDb(), token);
  return (
    <LinkPageCard>
      {invite.status === "valid" ? (
        <>
          <h1 className="mt-1 text-xl font-semibold text-slate-900">Join {invite.businessName}</h1>
          <p className="mt-1 text-sm text-slate-500">
            You were invited as {ROLE_LABELS[invite.role].toLowerCase()} with <strong>{invite.email}</strong>.
            Choose your name and a password.
          </p>
          <AcceptForm token={token} />
        </>
      ) : (
        <>
          <h1 className="mt-1 text-xl font-semibold text-slate-900">
            {invite.status === "used"
              ? "This invite was already used"
              : invite.status === "expired"
                ? "This invite has expired"
                : "This invite link is not valid"}
          </h1>
          <p className="mt-2 text-sm text-slate-600">
            {invite.status === "used"
              ? "Each invite link works once. If it was you, sign in with the password you chose."
              : "Ask an admin of your team for a new invite link."}
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
