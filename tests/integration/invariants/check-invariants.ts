// The invariants of SPEC §1 checked against what the database holds for one business.
// Each returns a list of readable violations, so a failing property names every broken rule.
import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client";

export interface Ledger {
  /** inbound message id → wamid, for every customer message the service accepted */
  inbound: Map<string, string>;
  /** outbound message id, for every reply the service accepted */
  outbound: Set<string>;
}

type Row = Record<string, unknown>;
/** postgres.js answers an array of rows, PGlite an object with `rows`. */
async function rows(db: Db, q: ReturnType<typeof sql>): Promise<Row[]> {
  const r = await db.execute(q);
  return (Array.isArray(r) ? r : (r as unknown as { rows: Row[] }).rows) as Row[];
}

export async function checkInvariants(db: Db, businessId: string, ledger: Ledger): Promise<string[]> {
  const problems: string[] = [];

  // One state each; assignee iff Assigned, and then an active member of this business.
  const convs = await rows(
    db,
    sql`select c.id, c.state, c.assignee_id, c.number_id, c.customer_id,
               m.business_id as assignee_business, m.active as assignee_active
          from conversations c left join members m on m.id = c.assignee_id
         where c.business_id = ${businessId}::uuid`,
  );
  for (const c of convs) {
    if (!["open", "assigned", "closed"].includes(String(c.state)))
      problems.push(`conversation ${c.id} has state ${c.state}`);
    if ((c.state === "assigned") !== (c.assignee_id !== null))
      problems.push(`conversation ${c.id} is ${c.state} with assignee ${c.assignee_id}`);
    if (c.assignee_id !== null && (c.assignee_business !== businessId || c.assignee_active !== true))
      problems.push(
        `conversation ${c.id} is assigned to ${c.assignee_id}, who is ${c.assignee_active ? "active" : "deactivated"} in ${c.assignee_business === businessId ? "this" : "another"} business`,
      );
  }

  // The maintained tab counts equal COUNT(*) per state.
  const [b] = await rows(
    db,
    sql`select open_count, assigned_count, closed_count from businesses where id = ${businessId}::uuid`,
  );
  for (const state of ["open", "assigned", "closed"] as const) {
    const actual = convs.filter((c) => c.state === state).length;
    const kept = Number(b[`${state}_count`]);
    if (kept !== actual) problems.push(`tab count ${state} is ${kept}, COUNT(*) is ${actual}`);
  }

  // Replaying the timeline's before/after, in insertion order, ends at the current state and assignee.
  const events = await rows(
    db,
    sql`select conversation_id, kind, from_state, to_state, from_assignee_id, to_assignee_id
          from conversation_events where business_id = ${businessId}::uuid order by ordinal`,
  );
  const replayed = new Map<string, { state: unknown; assignee: unknown }>();
  for (const e of events) {
    const id = String(e.conversation_id);
    const prev = replayed.get(id) ?? { state: null, assignee: null };
    if (prev.state !== e.from_state || prev.assignee !== e.from_assignee_id)
      problems.push(
        `timeline of ${id}: ${e.kind} starts from ${e.from_state}/${e.from_assignee_id}, but the previous event ended at ${prev.state}/${prev.assignee}`,
      );
    replayed.set(id, { state: e.to_state, assignee: e.to_assignee_id });
  }
  for (const c of convs) {
    const r = replayed.get(String(c.id));
    if (!r || r.state !== c.state || r.assignee !== c.assignee_id)
      problems.push(
        `timeline of ${c.id} ends at ${r?.state}/${r?.assignee}, the conversation is ${c.state}/${c.assignee_id}`,
      );
  }

  // No message lost, none doubled: exactly the accepted ones, each once.
  const msgs = await rows(
    db,
    sql`select id, direction, wamid from messages where business_id = ${businessId}::uuid and campaign_id is null`,
  );
  const inbound = msgs.filter((m) => m.direction === "inbound");
  const outbound = msgs.filter((m) => m.direction === "outbound");
  if (inbound.length !== ledger.inbound.size)
    problems.push(`${inbound.length} customer messages stored, ${ledger.inbound.size} accepted`);
  if (outbound.length !== ledger.outbound.size)
    problems.push(`${outbound.length} replies stored, ${ledger.outbound.size} accepted`);
  const byId = new Map(msgs.map((m) => [String(m.id), m]));
  for (const [id, wamid] of ledger.inbound)
    if (byId.get(id)?.wamid !== wamid) problems.push(`accepted customer message ${wamid} (${id}) is missing`);
  for (const id of ledger.outbound)
    if (byId.get(id)?.direction !== "outbound") problems.push(`accepted reply ${id} is missing`);

  // At most one live conversation per (number, customer).
  const pairs = new Map<string, number>();
  for (const c of convs)
    if (c.state !== "closed") {
      const k = `${c.number_id}/${c.customer_id}`;
      pairs.set(k, (pairs.get(k) ?? 0) + 1);
    }
  for (const [k, n] of pairs) if (n > 1) problems.push(`${n} live conversations for number/customer ${k}`);

  return problems;
}
