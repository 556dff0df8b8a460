import type { Db } from "../../../db/client";
import { runInTx } from "../run";
import { loadActor } from "../members/actor";
import { closedPage, REVIEW_PERMISSION, type Cursor } from "./closed";
import { csvLine, streamLines } from "./csv";
import type { ReviewFilters } from "./filters";
import { transcriptHeader, transcriptItems } from "./transcript";

export const CLOSED_CSV_HEADER = [
  "conversation_id",
  "closed_at",
  "reason",
  "customer",
  "customer_id",
  "number",
  "display_number",
  "handled_by",
  "closed_by",
  "opened_at",
  "first_reply_at",
  "last_message",
];

const PAGE = 500;

/**
 * The filtered closed list as a CSV stream. The permission is checked before the first byte; then
 * each chunk is one keyset page read when the client asks for more.
 */
export async function exportClosedCsv(db: Db, input: { actorId: string; filters: ReviewFilters }) {
  const check = await runInTx(db, async (tx) => ({
    businessId: (await loadActor(tx, input.actorId, REVIEW_PERMISSION)).businessId,
  }));
  if (!check.ok) return check;
  const { businessId } = check;
  async function* lines() {
    yield csvLine(CLOSED_CSV_HEADER);
    let after: Cursor | undefined;
    for (;;) {
      const rows = await closedPage(db, businessId, input.filters, PAGE, after);
      let chunk = "";
      for (const r of rows) {
        chunk += csvLine([
          r.id,
          r.closedAt,
          r.reason,
          r.customerName,
          r.customerWaId,
          r.numberLabel,
          r.displayNumber,
          r.handledByName,
          r.closedByName ?? (r.reason === "inactivity" ? "system" : ""),
          r.createdAt,
          r.firstReplyAt,
          r.lastMessagePreview,
        ]);
      }
      if (chunk) yield chunk;
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      after = { closedAt: last.closedAt, id: last.id };
    }
  }
  return { ok: true as const, stream: streamLines(lines()) };
}

export const TRANSCRIPT_CSV_HEADER = ["time", "kind", "direction", "who", "type", "text", "status"];

const EVENT_TEXT: Record<string, string> = {
  opened: "Opened",
  reopened: "Reopened by the customer",
  picked_up: "Picked up",
  replied: "Replied",
  assigned: "Assigned",
  taken_over: "Taken over",
  reassigned: "Reassigned",
  resolved: "Marked as resolved",
  closed_inactivity: "Closed for inactivity",
  returned_to_open: "Returned to Open",
};

/** One conversation's messages and timeline as a CSV stream. */
export async function exportTranscriptCsv(db: Db, input: { actorId: string; conversationId: string }) {
  const check = await runInTx(db, async (tx) => {
    const actor = await loadActor(tx, input.actorId, REVIEW_PERMISSION);
    const header = await transcriptHeader(tx, actor.businessId, input.conversationId);
    return { id: header.id, customer: header.customerName ?? header.customerWaId ?? "customer" };
  });
  if (!check.ok) return check;
  async function* lines() {
    yield csvLine(TRANSCRIPT_CSV_HEADER);
    for await (const it of transcriptItems(db, check.ok ? check.id : "")) {
      if (it.kind === "message") {
        yield csvLine([
          it.at,
          "message",
          it.direction,
          it.direction === "inbound" ? check.ok && check.customer : (it.author ?? "system"),
          it.type,
          it.body,
          it.error ? `${it.status}: ${it.error}` : it.status,
        ]);
      } else {
        const who = it.actor ?? "system";
        const text = `${EVENT_TEXT[it.event] ?? it.event}${it.toAssignee ? ` → ${it.toAssignee}` : it.fromAssignee ? ` (was ${it.fromAssignee})` : ""}`;
        yield csvLine([it.at, "event", "", who, it.event, text, it.toState]);
      }
    }
  }
  return { ok: true as const, stream: streamLines(lines()), conversationId: check.id };
}
