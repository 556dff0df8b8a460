import type { FakeGraph } from "../../helpers/fake-graph";

/** How many times the fake Graph API was asked to send each text. */
export function sendsByText(graph: FakeGraph): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of graph.sends()) {
    const text = (r.body?.text as { body?: string } | undefined)?.body;
    if (text !== undefined) out.set(text, (out.get(text) ?? 0) + 1);
  }
  return out;
}
