import { freshMember, newInvite } from "./fixture";
import type { ActionEntry } from "./types";

// lib/actions/team.ts. Targets are agents, whom admins and owners alike may manage; a member or
// invite of the other business is not found.
const team = { module: "team", needs: "members.manage" as const, mutates: true };
const rnd = () => Math.random().toString(36).slice(2);

export const teamActions: ActionEntry[] = [
  {
    ...team,
    name: "inviteMemberAction",
    // an invite is always into the caller's own business: no other-business target to name
    input: async () => ({ email: `new.${rnd()}@t.test`, role: "agent" }),
  },
  {
    ...team,
    name: "revokeInviteAction",
    otherRefusal: "not_found",
    input: async (fx, side) => ({ inviteId: await newInvite(fx, side) }),
  },
  {
    ...team,
    name: "changeRoleAction",
    otherRefusal: "not_found",
    input: async (fx, side) => ({ memberId: (await freshMember(fx, side, "agent")).id, role: "manager" }),
  },
  {
    ...team,
    name: "deactivateMemberAction",
    otherRefusal: "not_found",
    input: async (fx, side) => ({ memberId: (await freshMember(fx, side, "agent")).id }),
  },
  {
    ...team,
    name: "reactivateMemberAction",
    otherRefusal: "not_found",
    input: async (fx, side) => ({ memberId: (await freshMember(fx, side, "agent", false)).id }),
  },
  {
    ...team,
    name: "createPasswordResetAction",
    otherRefusal: "not_found",
    input: async (fx, side) => ({ memberId: (await freshMember(fx, side, "agent")).id }),
  },
];
