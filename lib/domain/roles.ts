/** The roles, ranked in one place only (SPEC §2). */
export const ROLES = ["agent", "manager", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { agent: 0, manager: 1, admin: 2, owner: 3 };

export function atLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

/** Every gated action of SPEC §2 and the lowest role allowed to do it. */
export const PERMISSIONS = {
  "conversation.view": "agent",
  "conversation.work_own": "agent",
  "conversation.manage_any": "manager",
  "dashboard.view": "manager",
  "dashboard.bulk_reassign": "manager",
  "members.manage": "admin",
  "settings.manage": "admin",
  "campaigns.manage": "admin",
  "owners.manage": "owner",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return atLeast(role, PERMISSIONS[permission]);
}

/** Which roles an actor may hand out or take away: admins manage below admin, owners everything. */
export function canManageRole(actor: Role, target: Role): boolean {
  if (actor === "owner") return true;
  if (actor === "admin") return RANK[target] < RANK.admin;
  return false;
}

export const ROLE_LABELS: Record<Role, string> = {
  agent: "Agent",
  manager: "Manager",
  admin: "Admin",
  owner: "Owner",
};
