/**
 * The simulated customers' phones that are "unreachable" — switched off, or not on WhatsApp. A
 * demo presenter flips this per customer in /simulator ("Phone unreachable"); while it is on, the
 * simulator answers a send to that customer the way Meta does for an undeliverable message: the
 * send is accepted (Sent), then a `failed` status webhook arrives with error 131026.
 *
 * Kept in memory on globalThis, so the Next route handlers and the outbox worker started by
 * server.ts (two module graphs in one process) share it. It is simulator state, like Meta's own:
 * per process, cleared on restart, and only ever consulted while the simulator is on.
 */
const g = globalThis as unknown as { __switchboardSimUnreachable?: Set<string> };

function phones(): Set<string> {
  g.__switchboardSimUnreachable ??= new Set<string>();
  return g.__switchboardSimUnreachable;
}

const key = (waId: string) => waId.replace(/^\+/, "");

export function isPhoneUnreachable(waId: string): boolean {
  return phones().has(key(waId));
}

export function setPhoneUnreachable(waId: string, unreachable: boolean): void {
  if (unreachable) phones().add(key(waId));
  else phones().delete(key(waId));
}

/** Meta's error for a message that cannot reach the customer's phone (a permanent failure). */
export const UNDELIVERABLE = {
  code: 131026,
  title: "Message undeliverable",
  message: "Message undeliverable",
  error_data: { details: "Message Undeliverable." },
} as const;
