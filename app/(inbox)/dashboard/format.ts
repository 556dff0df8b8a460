/** "4m", "2h 5m", "3d 4h" — how long something has waited. */
export function waited(since: Date | string | null, now: Date): string {
  if (!since) return "—";
  const s = Math.max(0, Math.round((now.getTime() - new Date(since).getTime()) / 1000));
  return duration(s);
}

export function duration(seconds: number | null): string {
  if (seconds === null || Number.isNaN(seconds)) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}
