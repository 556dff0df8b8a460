/** Idle this long (no key, pointer or scroll) and a member shows as Away on the dashboard. */
export const AWAY_AFTER_MS = 5 * 60_000;

export function isAway(s: { hidden: boolean; lastInputAt: number; now: number; idleMs?: number }): boolean {
  return s.hidden || s.now - s.lastInputAt >= (s.idleMs ?? AWAY_AFTER_MS);
}

type Emitter = {
  connected: boolean;
  emit(ev: "presence.away", p: { away: boolean }): unknown;
  on(ev: "connect", fn: () => void): unknown;
};

/**
 * Tell the server when this page goes idle or hidden and when it is used again. The state is
 * sent only when it changes, and again on every (re)connect since a new socket starts "active".
 */
export function trackAway(socket: Emitter, idleMs = AWAY_AFTER_MS): () => void {
  let lastInputAt = Date.now();
  let sent: boolean | null = null;
  const check = () => {
    const away = isAway({
      hidden: document.visibilityState === "hidden",
      lastInputAt,
      now: Date.now(),
      idleMs,
    });
    if (away !== sent && socket.connected) {
      socket.emit("presence.away", { away });
      sent = away;
    }
  };
  const input = () => {
    lastInputAt = Date.now();
    if (sent) check();
  };
  const inputs = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"] as const;
  for (const ev of inputs) window.addEventListener(ev, input, { passive: true });
  document.addEventListener("visibilitychange", check);
  socket.on("connect", () => {
    sent = null;
    check();
  });
  const timer = window.setInterval(check, 15_000);
  return () => {
    for (const ev of inputs) window.removeEventListener(ev, input);
    document.removeEventListener("visibilitychange", check);
    window.clearInterval(timer);
  };
}
