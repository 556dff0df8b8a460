import type { Member } from "../../../db/schema";
import type { Permission, Role } from "../../../lib/domain/roles";
import type { Fixture, Side } from "./fixture";

/**
 * What a call needs to be allowed: a permission of SPEC §2 (checked with `can()` against the
 * caller's role), any signed-in member of the business, or nothing at all.
 */
export type Needs = Permission | "signed-in";

/** Who is calling: a member of the business the matrix acts on, and the role they hold. */
export interface Caller {
  role: Role;
  member: Member;
}

/** One server action of lib/actions, by module and export name. */
export interface ActionEntry {
  module: string;
  name: string;
  needs: Needs;
  /**
   * A valid input naming a target of `side` (the caller's own business or the other one), made
   * fresh for this call: a conversation, member, template… that the call could act on.
   */
  input: (fx: Fixture, side: Side, caller: Caller) => Promise<unknown>;
  /**
   * The refusal when the input names another business's target. Absent when the action names
   * no target (it acts on the caller's own business): that cell is not run, and every cell still
   * checks that nothing of the other business shows in the answer.
   */
  otherRefusal?: string;
  /** The refusal of a role below `needs`, when the service words it ("not_assignee"); else "forbidden". */
  lowerRoleRefusal?: string;
  /** An allowed call writes something (so an allowed cell must change the database). */
  mutates: boolean;
}

export interface RouteRequest {
  url: string;
  init?: RequestInit;
  params?: Record<string, string | string[]>;
}

/** How an answer of a route reads: allowed, or refused with its status. */
export type Verdict = { allowed: true } | { allowed: false; status: number };

/** One exported HTTP method of one route.ts file under app/. */
export interface RouteEntry {
  file: string;
  method: string;
  /**
   * Public routes answer `status` to anyone, signed in or not; disabled ones (test-only routes
   * outside e2e) answer 404 to everyone, an owner included. Neither may change the database.
   */
  needs: Needs | { public: string; status: number } | { disabled: string };
  /** A valid request naming a target of `side`; `caller` is null for an anonymous request. */
  request: (fx: Fixture, side: Side, caller: Caller | null) => Promise<RouteRequest>;
  /** Whether the answer names a target (else the other-business cell is not run, as for actions). */
  otherStatus?: number;
  mutates: boolean;
  /**
   * For routes that answer every caller but say more to some (health): reads the answer. By
   * default 2xx is allowed and anything else is a refusal with that status.
   */
  verdict?: (res: Response, text: string) => Verdict;
  /**
   * The error type (Auth.js's `type`) the refusal is logged with: each call must log it, and
   * only that one is kept off the output; anything else logged still shows.
   */
  logs?: string;
}

/** A member the matrix knows the password of, as a form action needs one. */
export interface Account {
  member: Member;
  password: string;
}

/**
 * What a form action did, as the browser would see it: where it sent the browser (a thrown
 * NEXT_REDIRECT), the state it answered the form with, and the session cookie it set (decoded:
 * who it signs in; "cleared" for a sign-out).
 */
export interface FormOutcome {
  redirect: string | null;
  state: unknown;
  session: { memberId: string; sessionVersion: number } | "cleared" | null;
}

/** A form the matrix sends, and what the call must have done to its target (null: as it should). */
export interface FormCase {
  form: FormData;
  /** The answer every caller must get (session compared by member id; any version). */
  expect: Omit<FormOutcome, "session"> & { sessionOf: string | null | "cleared" };
  /** After an allowed call: what is wrong with the database, or null. */
  check?: () => Promise<string | null>;
  /** The member rows the call may change, and whether it may add one (an accepted invite). */
  changes: { members: string[]; newMember: boolean };
}

/**
 * One exported function of a "use server" module outside lib/actions: the forms of sign-in,
 * invite, reset and Account. They take (previous state, FormData) and may redirect.
 */
export type FormActionEntry = {
  file: string;
  name: string;
} & (
  | {
      /**
       * Public: the form's credential (password, one-time token) decides, never the session.
       * `valid` makes a fresh credential that works; every `bad` one (wrong, spent, expired, of
       * another kind) must answer the same to every caller and change no table (a failed sign-in
       * may record its attempt: `attempts`).
       */
      kind: "public";
      valid: (fx: Fixture) => Promise<FormCase>;
      bad: Record<string, (fx: Fixture) => Promise<{ form: FormData; expect: FormCase["expect"] }>>;
      /** a failed credential check is recorded in login_attempts (sign-in throttling) */
      attempts?: boolean;
    }
  | {
      /**
       * Signed in: acts on the session's member only. `form` is what that member sends; it also
       * names `victim` (another member, here or in another business), whom it must never touch.
       */
      kind: "signed-in";
      form: (me: Account, victim: Account) => FormData;
      /** what an active member gets; the session cookie, if any, names them */
      allowed: FormCase["expect"];
      /** what a deactivated member or a stale session gets */
      refused: FormCase["expect"];
      /** what a call without a session cookie gets, when not `refused` (nothing to clear) */
      signedOut?: FormCase["expect"];
      /** after an allowed call: what is wrong with the caller's row, or null */
      check: (before: Member, after: Member, me: Account) => Promise<string | null>;
    }
);
