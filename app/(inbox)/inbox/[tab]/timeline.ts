import type { ThreadEvent, ThreadMessage } from "@/lib/queries/inbox/types";

export type TimelineItem =
  | { kind: "message"; at: string; message: ThreadMessage }
  | { kind: "event"; at: string; event: ThreadEvent };

/**
 * Messages and state changes in one stream, oldest first. At the same instant the state change
 * comes first: a reply that picks up reads "picked this up", then the reply.
 */
export function mergeTimeline(messages: ThreadMessage[], events: ThreadEvent[]): TimelineItem[] {
  const items: TimelineItem[] = [
    ...messages.map((m) => ({ kind: "message" as const, at: m.at, message: m })),
    // "opened" repeats the first message; the thread starts with it anyway.
    ...events.filter((e) => e.kind !== "opened").map((e) => ({ kind: "event" as const, at: e.at, event: e })),
  ];
  const rank = (i: TimelineItem) => (i.kind === "event" ? 0 : 1);
  return items.sort((a, b) => a.at.localeCompare(b.at) || rank(a) - rank(b));
}

/** One line for a timeline event: "Maya Patel reassigned from Asha Rao to Ben Okafor". */
export function describeEvent(e: ThreadEvent): string {
  const who = e.actorName ?? "Someone";
  switch (e.kind) {
    case "opened":
      return "Conversation opened";
    case "reopened":
      return "Reopened — the customer wrote again";
    case "picked_up":
      return `${who} picked this up`;
    case "replied":
      return `${who} replied`;
    case "assigned":
      return `${who} assigned this to ${e.toAssigneeName ?? "someone"}`;
    case "taken_over":
      return e.fromAssigneeName ? `${who} took over from ${e.fromAssigneeName}` : `${who} took this over`;
    case "reassigned":
      return `${who} reassigned from ${e.fromAssigneeName ?? "someone"} to ${e.toAssigneeName ?? "someone"}`;
    case "resolved":
      return `${who} marked this as resolved`;
    case "closed_inactivity":
      return "Closed for inactivity";
    case "returned_to_open":
      return `${who} returned this to Open`;
  }
}

/** The delivery label of SPEC §3 for an outbound message's status. */
export function deliveryLabel(status: string): "Sending" | "Sent" | "Delivered" | "Read" | "Failed" | null {
  switch (status) {
    case "queued":
    case "sending":
      return "Sending";
    case "sent":
      return "Sent";
    case "delivered":
      return "Delivered";
    case "read":
      return "Read";
    case "failed":
      return "Failed";
    default:
      return null;
  }
}
