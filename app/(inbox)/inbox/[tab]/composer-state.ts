import { atLeast, type Role } from "@/lib/domain/roles";
import type { State } from "@/lib/domain/conversation-machine";

export interface Viewer {
  id: string;
  role: Role;
}

export interface ConvFacts {
  state: State;
  assigneeId: string | null;
  assigneeName: string | null;
  windowClosesAt: string | null;
}

export type ComposerMode =
  | { kind: "text"; windowLeftMs: number }
  | { kind: "template"; reason: string }
  | { kind: "disabled"; reason: string };

/** What the composer offers this member on this conversation now (SPEC §1 and §3 wording). */
export function composerMode(c: ConvFacts, me: Viewer, now: Date): ComposerMode {
  if (c.state === "closed")
    return { kind: "disabled", reason: "This conversation is closed — it reopens when the customer writes" };
  if (c.state === "assigned" && c.assigneeId !== me.id) {
    return {
      kind: "disabled",
      reason: `Assigned to ${c.assigneeName ?? "someone else"} — take over to reply`,
    };
  }
  const closes = c.windowClosesAt ? new Date(c.windowClosesAt).getTime() : null;
  if (closes === null || closes <= now.getTime()) {
    return {
      kind: "template",
      reason:
        "The 24-hour window is closed: the customer last wrote over 24 hours ago. Only a template can be sent.",
    };
  }
  return { kind: "text", windowLeftMs: closes - now.getTime() };
}

export type ActionName = "pickUp" | "assign" | "takeOver" | "reassign" | "resolve" | "returnToOpen";

/** The conversation actions this member is shown (SPEC §2); the server decides again on every click. */
export function availableActions(c: Pick<ConvFacts, "state" | "assigneeId">, me: Viewer): ActionName[] {
  const manager = atLeast(me.role, "manager");
  const mine = c.assigneeId === me.id;
  if (c.state === "open") return manager ? ["pickUp", "assign", "resolve"] : ["pickUp"];
  if (c.state === "assigned") {
    const out: ActionName[] = [];
    if (manager && !mine) out.push("takeOver");
    if (manager) out.push("reassign");
    if (manager || mine) out.push("resolve", "returnToOpen");
    return out;
  }
  return [];
}
