/**
 * Which WABA each test number belongs to, so webhook bodies built in tests carry the right
 * `entry.id` (the receiver drops values whose entry is not the owning business's WABA).
 */
const wabaOfNumber = new Map<string, string>();

export function rememberWaba(phoneNumberId: string, wabaId: string): void {
  wabaOfNumber.set(phoneNumberId, wabaId);
}

export function wabaFor(phoneNumberId: string | undefined): string | undefined {
  return phoneNumberId ? wabaOfNumber.get(phoneNumberId) : undefined;
}
