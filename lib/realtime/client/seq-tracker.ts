/**
 * Gap detection on the business's event sequence. Events carry consecutive numbers per
 * business; a jump means the client missed something and must catch up from the server.
 */
export class SeqTracker {
  constructor(private last: number | null = null) {}

  /** Record an event's number; "gap" when events were missed, "stale" for one already seen. */
  see(seq: number): "ok" | "gap" | "stale" {
    if (this.last === null) {
      this.last = seq;
      return "ok";
    }
    if (seq <= this.last) return "stale";
    const gap = seq > this.last + 1;
    this.last = seq;
    return gap ? "gap" : "ok";
  }

  /** After a catch-up: the server's number at the time of the refetch. */
  reset(seq: number) {
    if (this.last === null || seq > this.last) this.last = seq;
  }

  get current() {
    return this.last;
  }
}
