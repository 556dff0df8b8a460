import type postgres from "postgres";

/** What the database holds, read by the test itself (not through the app). */
export async function storedWamidCounts(sql: postgres.Sql, wamids: string[]): Promise<Map<string, number>> {
  const rows = await sql<{ wamid: string; n: number }[]>`
    select wamid, count(*)::int as n from messages where wamid = any(${wamids}) group by wamid`;
  return new Map(rows.map((r) => [r.wamid, r.n]));
}

/** The live conversation of each customer (by wa_id) and its newest message. */
export async function conversationsOf(
  sql: postgres.Sql,
  waIds: string[],
): Promise<{ id: string; waId: string; lastMessageId: string | null }[]> {
  return sql<{ id: string; waId: string; lastMessageId: string | null }[]>`
    select c.id, cu.wa_id as "waId", c.last_message_id as "lastMessageId"
    from conversations c join customers cu on cu.id = c.customer_id
    where cu.wa_id = any(${waIds}) and c.state in ('open', 'assigned')`;
}

/** Outbound messages by body text: status and how many rows carry that text. */
export async function outboundByText(
  sql: postgres.Sql,
  texts: string[],
): Promise<Map<string, { id: string; status: string }[]>> {
  const rows = await sql<{ id: string; body: string; status: string }[]>`
    select id, body, status::text as status from messages
    where direction = 'outbound' and body = any(${texts})`;
  const out = new Map<string, { id: string; status: string }[]>();
  for (const r of rows) out.set(r.body, [...(out.get(r.body) ?? []), { id: r.id, status: r.status }]);
  return out;
}

/** The wamids that are in a stored webhook delivery (acknowledged, maybe not processed yet). */
export async function wamidsInDeliveries(sql: postgres.Sql, wamids: string[]): Promise<Set<string>> {
  const rows = await sql<{ wamid: string }[]>`
    select distinct m->>'id' as wamid
    from webhook_deliveries d,
      jsonb_array_elements(d.body->'entry') e,
      jsonb_array_elements(e->'changes') c,
      jsonb_array_elements(coalesce(c->'value'->'messages', '[]'::jsonb)) m
    where m->>'id' = any(${wamids})`;
  return new Set(rows.map((r) => r.wamid));
}
