/**
 * The simulated customers' phones that are "unreachable" — switched off, or not on WhatsApp. A
 * demo presenter flips this per customer in /simulator ("Phone unreachable"); while it is on, the
 * simulator answers a send to that customer the way Meta does for an undeliverable message: the
 * send is accepted (Sent), then a `failed` status webhook arrives with error 131026.
 *
 * Kept in memory on globalThis, so the Next route handlers and the outbox worker started by
 * server.ts (two module graphs in one process) share it. It is simulator state, like Meta's own:
 * per process, cleared on restart, and only ever consulted while the simulator is on.
 *
 * Keyed by (business number, customer), so that a member only ever switches off the phones of
 * their own business's customers, and bounded: any signed-in member can add entries, so the
 * oldest are forgotten past MAX_PER_NUMBER customers per number or MAX_NUMBERS numbers.
 */
export const MAX_PER_NUMBER = 1000;
export const MAX_NUMBERS = 1000;

const g = globalThis as unknown as { __switchboardSimUnreachable?: Map<string, Set<string>> };

function phones(): Map<string, Set<string>> {
  g.__switchboardSimUnreachable ??= new Map<string, Set<string>>();
  return g.__switchboardSimUnreachable;
}

const key = (waId: string) => waId.replace(/^\+/, "");

export function isPhoneUnreachable(phoneNumberId: string, waId: string): boolean {
  return phones().get(phoneNumberId)?.has(key(waId)) ?? false;
}

export function setPhoneUnreachable(phoneNumberId: string, waId: string, unreachable: boolean): void {
  const all = phones();
  let set = all.get(phoneNumberId);
  if (!unreachable) {
    set?.delete(key(waId));
    if (set?.size === 0) all.delete(phoneNumberId);
    return;
  }
  if (!set) {
    // Maps and Sets iterate in insertion order: the first key is the oldest.
    while (all.size >= MAX_NUMBERS) all.delete(all.keys().next().value as string);
    set = new Set<string>();
    all.set(phoneNumberId, set);
  }
  set.delete(key(waId));
  set.add(key(waId));
  while (set.size > MAX_PER_NUMBER) set.delete(set.values().next().value as string);
}

/** How many phones are switched off, over every number (for tests of the bound). */
export function unreachableCount(): number {
  let n = 0;
  for (const set of phones().values()) n += set.size;
  return n;
}

/** Meta's error for a message that cannot reach the customer's phone (a permanent failure). */
export const UNDELIVERABLE = {
  code: 131026,
  title: "Message undeliverable",
  message: "Message undeliverable",
  error_data: { details: "Message Undeliverable." },
} as const;
