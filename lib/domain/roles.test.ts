import { describe, expect, it } from "vitest";
import { atLeast, can, canManageRole, type PERMISSIONS, ROLES } from "./roles";

describe("roles", () => {
  it("rank agent < manager < admin < owner", () => {
    expect(ROLES).toEqual(["agent", "manager", "admin", "owner"]);
    expect(atLeast("owner", "admin")).toBe(true);
    expect(atLeast("manager", "admin")).toBe(false);
  });

  // SPEC §2, row by row.
  const table: [keyof typeof PERMISSIONS, boolean[]][] = [
    ["conversation.view", [true, true, true, true]],
    ["conversation.work_own", [true, true, true, true]],
    ["conversation.manage_any", [false, true, true, true]],
    ["dashboard.view", [false, true, true, true]],
    ["dashboard.bulk_reassign", [false, true, true, true]],
    ["members.manage", [false, false, true, true]],
    ["settings.manage", [false, false, true, true]],
    ["campaigns.manage", [false, false, true, true]],
    ["owners.manage", [false, false, false, true]],
  ];
  it.each(table)("%s", (permission, allowed) => {
    expect(ROLES.map((r) => can(r, permission))).toEqual(allowed);
  });

  it("admins manage roles below admin only; owners manage all", () => {
    expect(canManageRole("admin", "manager")).toBe(true);
    expect(canManageRole("admin", "admin")).toBe(false);
    expect(canManageRole("admin", "owner")).toBe(false);
    expect(canManageRole("owner", "owner")).toBe(true);
    expect(canManageRole("manager", "agent")).toBe(false);
  });
});
