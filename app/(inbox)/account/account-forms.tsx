"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { PASSWORD_MIN } from "@/lib/services/auth/password-policy";
import { TextField } from "../settings/text-field";
import { changePasswordAction, type ChangePasswordState, signOutEverywhereAction } from "./actions";

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState<ChangePasswordState, FormData>(changePasswordAction, {
    error: null,
  });
  return (
    <form action={action} aria-label="Change password" className="mt-3 space-y-3">
      <TextField
        id="current-password"
        name="current"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        className="w-full"
      />
      <TextField
        id="new-password"
        name="new"
        label="New password"
        type="password"
        autoComplete="new-password"
        minLength={PASSWORD_MIN}
        required
        className="w-full"
      />
      <TextField
        id="confirm-password"
        name="confirm"
        label="Repeat new password"
        type="password"
        autoComplete="new-password"
        minLength={PASSWORD_MIN}
        required
        className="w-full"
      />
      <p className="text-xs text-slate-500">At least {PASSWORD_MIN} characters.</p>
      {state.error && (
        <p
          role="alert"
          aria-label="Password error"
          className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700"
        >
          {state.error}
        </p>
      )}
      <Button type="submit" variant="primary" pending={pending}>
        Change password
      </Button>
    </form>
  );
}

export function SignOutEverywhere() {
  return (
    <form
      action={signOutEverywhereAction}
      className="mt-3"
      onSubmit={(e) => {
        if (!window.confirm("Sign out of every browser and device, this one included?")) e.preventDefault();
      }}
    >
      <Button type="submit" variant="danger">
        Sign out everywhere
      </Button>
    </form>
  );
}
