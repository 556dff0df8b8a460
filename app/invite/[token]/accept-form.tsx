"use client";

import { useActionState } from "react";
import { acceptInviteAction, type AcceptState } from "./actions";

const input = "h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm";

export function AcceptForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<AcceptState, FormData>(acceptInviteAction, { error: null });
  return (
    <form action={action} className="mt-5 space-y-3">
      <input type="hidden" name="token" value={token} />
      <div>
        <label htmlFor="name" className="mb-1 block text-sm font-medium text-slate-700">
          Your name
        </label>
        <input id="name" name="name" required maxLength={100} autoComplete="name" className={input} />
      </div>
      <div>
        <label htmlFor="password" className="mb-1 block text-sm font-medium text-slate-700">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
          className={input}
        />
      </div>
      <div>
        <label htmlFor="confirm" className="mb-1 block text-sm font-medium text-slate-700">
          Repeat password
        </label>
        <input
          id="confirm"
          name="confirm"
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
          className={input}
        />
      </div>
      {state.error && (
        <p
          role="alert"
          aria-label="Invite error"
          className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700"
        >
          {state.error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="h-10 w-full rounded-lg bg-emerald-600 text-sm font-medium text-white shadow-sm hover:bg-emerald-700 disabled:opacity-60"
      >
        {pending ? "Creating your account…" : "Join the team"}
      </button>
    </form>
  );
}
