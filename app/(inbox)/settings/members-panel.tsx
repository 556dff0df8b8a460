"use client";

import { useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  changeRoleAction,
  createPasswordResetAction,
  deactivateMemberAction,
  inviteMemberAction,
  reactivateMemberAction,
  revokeInviteAction,
} from "@/lib/actions/team";
import { canManageRole, ROLE_LABELS, ROLES, type Role } from "@/lib/domain/roles";
import type { MemberRow, PendingInvite } from "@/lib/services/members/list";
import { field, label, useRun } from "./use-run";

export function MembersPanel({
  actor,
  members,
  invites,
}: {
  actor: { id: string; role: Role };
  members: MemberRow[];
  invites: PendingInvite[];
}) {
  const grantable = ROLES.filter((r) => canManageRole(actor.role, r));
  return (
    <section
      aria-label="Members"
      className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs"
    >
      <div className="border-b border-slate-100 px-4 py-3">
        <h2 className="text-sm font-semibold text-slate-900">Members</h2>
        <p className="text-xs text-slate-500">
          {actor.role === "owner"
            ? "As an owner you can manage every role, including admins and owners."
            : "Admins manage agents and managers; only an owner can make or remove admins and owners."}
        </p>
      </div>
      <table className="w-full text-sm">
        <thead className="bg-slate-50 text-left text-xs font-medium text-slate-500">
          <tr>
            <th className="px-4 py-2">Member</th>
            <th className="px-4 py-2">Role</th>
            <th className="px-4 py-2 text-right">Assigned</th>
            <th className="px-4 py-2">Status</th>
            <th className="px-4 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {members.map((m) => (
            <MemberRowView key={m.id} m={m} actor={actor} grantable={grantable} />
          ))}
        </tbody>
      </table>
      <InviteForm grantable={grantable} invites={invites} actorRole={actor.role} />
    </section>
  );
}

function MemberRowView({
  m,
  actor,
  grantable,
}: {
  m: MemberRow;
  actor: { id: string; role: Role };
  grantable: Role[];
}) {
  const { pending, run } = useRun();
  const manageable = canManageRole(actor.role, m.role) && m.id !== actor.id;
  return (
    <tr data-testid={`member-${m.email}`} className={m.active ? "" : "bg-slate-50/70 text-slate-500"}>
      <td className="px-4 py-2.5">
        <div className="flex items-center gap-2.5">
          <Avatar name={m.name} size="sm" />
          <div className="min-w-0">
            <p className="font-medium text-slate-900">
              {m.name}
              {m.id === actor.id && <span className="ml-1 text-xs font-normal text-slate-500">(you)</span>}
            </p>
            <p className="text-xs text-slate-500">{m.email}</p>
          </div>
        </div>
      </td>
      <td className="px-4 py-2.5">
        {canManageRole(actor.role, m.role) ? (
          <>
            <label htmlFor={`role-${m.id}`} className="sr-only">
              Role of {m.name}
            </label>
            <select
              id={`role-${m.id}`}
              value={m.role}
              disabled={pending}
              onChange={(e) =>
                run(
                  () => changeRoleAction({ memberId: m.id, role: e.target.value }),
                  `${m.name} is now ${ROLE_LABELS[e.target.value as Role]}.`,
                )
              }
              className={`${field} h-8 text-[13px]`}
            >
              {grantable.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </>
        ) : (
          ROLE_LABELS[m.role]
        )}
      </td>
      <td className="px-4 py-2.5 text-right tabular-nums">{m.assigned}</td>
      <td className="px-4 py-2.5">
        {m.active ? <Badge tone="emerald">Active</Badge> : <Badge>Deactivated</Badge>}
      </td>
      <td className="px-4 py-2.5 text-right">
        {manageable && m.active && <ResetPasswordButton m={m} />}
        {manageable &&
          (m.active ? (
            <Button
              size="sm"
              variant="ghost"
              pending={pending}
              aria-label={`Deactivate ${m.name}`}
              onClick={() => {
                const note = m.assigned
                  ? ` Their ${m.assigned} Assigned conversation(s) go back to Open.`
                  : "";
                if (!window.confirm(`Deactivate ${m.name}? They are signed out everywhere at once.${note}`))
                  return;
                run(() => deactivateMemberAction({ memberId: m.id }), `${m.name} was deactivated.`);
              }}
              className="text-red-700 hover:bg-red-50 hover:text-red-800"
            >
              Deactivate
            </Button>
          ) : (
            <Button
              size="sm"
              pending={pending}
              aria-label={`Reactivate ${m.name}`}
              onClick={() =>
                run(() => reactivateMemberAction({ memberId: m.id }), `${m.name} can sign in again.`)
              }
            >
              Reactivate
            </Button>
          ))}
      </td>
    </tr>
  );
}

/** Admin reset: a one-time link to pass on to the member, shown here once. */
function ResetPasswordButton({ m }: { m: MemberRow }) {
  const { pending, run } = useRun();
  const [url, setUrl] = useState<string | null>(null);
  return (
    <>
      <Button
        size="sm"
        variant="ghost"
        pending={pending}
        aria-label={`Reset password of ${m.name}`}
        onClick={() =>
          run(
            () => createPasswordResetAction({ memberId: m.id }),
            (r) => setUrl(`${window.location.origin}${r.path}`),
          )
        }
      >
        Reset password
      </Button>
      {url && (
        <div
          role="status"
          aria-label={`Password reset link for ${m.name}`}
          className="mt-2 rounded-lg border border-emerald-200 bg-emerald-50 p-2 text-left text-xs text-emerald-900"
        >
          <p>
            Give this one-time link to {m.name}. It works once, expires in 24 hours and is not shown again;
            using it signs them out everywhere.
          </p>
          <input
            readOnly
            value={url}
            aria-label={`Password reset URL for ${m.name}`}
            className={`${field} mt-1.5 w-full font-mono text-xs`}
            onFocus={(e) => e.target.select()}
          />
        </div>
      )}
    </>
  );
}

function InviteForm({
  grantable,
  invites,
  actorRole,
}: {
  grantable: Role[];
  invites: PendingInvite[];
  actorRole: Role;
}) {
  const { pending, run } = useRun();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const [link, setLink] = useState<{ url: string; email: string } | null>(null);
  return (
    <div className="space-y-3 border-t border-slate-200 bg-slate-50/60 px-4 py-4">
      <form
        aria-label="Invite a member"
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          run(
            () => inviteMemberAction({ email, role }),
            (r) => {
              setLink({ url: `${window.location.origin}${r.path}`, email });
              setEmail("");
            },
          );
        }}
      >
        <div className="min-w-64 flex-1">
          <label htmlFor="invite-email" className={label}>
            Invite by email
          </label>
          <input
            id="invite-email"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="name@company.com"
            className={`${field} w-full`}
          />
        </div>
        <div>
          <label htmlFor="invite-role" className={label}>
            Role
          </label>
          <select
            id="invite-role"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            className={field}
          >
            {grantable.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="primary" pending={pending}>
          Create invite link
        </Button>
      </form>
      {link && (
        <div
          role="status"
          aria-label="Invite link"
          className="rounded-lg border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900"
        >
          <p>
            Send this one-time link to <strong>{link.email}</strong>. It works once and expires in 7 days; it
            is not shown again.
          </p>
          <div className="mt-2 flex gap-2">
            <input
              readOnly
              value={link.url}
              aria-label="Invite URL"
              className={`${field} flex-1 font-mono text-xs`}
              onFocus={(e) => e.target.select()}
            />
            <Button size="sm" onClick={() => navigator.clipboard?.writeText(link.url)}>
              Copy
            </Button>
          </div>
        </div>
      )}
      {invites.length > 0 && (
        <div>
          <p className="mb-1 text-xs font-medium text-slate-600">Pending invites</p>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
            {invites.map((i) => (
              <PendingRow key={i.id} invite={i} canRevoke={canManageRole(actorRole, i.role)} />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function PendingRow({ invite, canRevoke }: { invite: PendingInvite; canRevoke: boolean }) {
  const { pending, run } = useRun();
  return (
    <li className="flex items-center justify-between px-3 py-2 text-sm">
      <span>
        {invite.email} · {ROLE_LABELS[invite.role]}
        <span className="ml-2 text-xs text-slate-500">
          expires {invite.expiresAt.toISOString().slice(0, 10)}
        </span>
      </span>
      {canRevoke && (
        <Button
          size="sm"
          variant="ghost"
          pending={pending}
          onClick={() => run(() => revokeInviteAction({ inviteId: invite.id }), "Invite withdrawn.")}
        >
          Withdraw
        </Button>
      )}
    </li>
  );
}
