/** WhatsApp's customer service window: 24 h from the customer's last message to this number. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

export function windowClosesAt(c: {
  lastCustomerMessageAt: Date | null;
  windowClosedAt: Date | null;
}): Date | null {
  if (!c.lastCustomerMessageAt) return null;
  // A 131047 from Meta wins over our own arithmetic (WHATSAPP.md §6).
  if (c.windowClosedAt && c.windowClosedAt >= c.lastCustomerMessageAt) return null;
  return new Date(c.lastCustomerMessageAt.getTime() + WINDOW_MS);
}

export function isWindowOpen(
  c: { lastCustomerMessageAt: Date | null; windowClosedAt: Date | null },
  now: Date,
): boolean {
  const closes = windowClosesAt(c);
  return closes !== null && now < closes;
}
