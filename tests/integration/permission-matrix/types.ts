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
}
