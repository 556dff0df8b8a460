import { randomBytes } from "node:crypto";
import { signBody } from "../../../lib/whatsapp/signature";
import { APP_SECRET } from "./start-app";

/**
 * A load generator that behaves like Meta's webhook sender: every customer message is one
 * signed POST; a 5xx or a connection failure is delivered again (Meta retries for days; here
 * with a short backoff) until it is answered 200. Every outcome is recorded per wamid, so the
 * test can compare "acknowledged" with "stored".
 */
export const DEMO_WABA_ID = "900000000000001";
export const DEMO_SALES_NUMBER = "100000000000001";

export interface Delivery {
  wamid: string;
  waId: string;
  text: string;
  answers: (number | "network")[];
  acked: boolean;
}

export interface LoadFigures {
  sent: number;
  answered200: number;
  answered5xx: number;
  networkErrors: number;
  other: number;
  acked: number;
}

export function webhookBody(waId: string, wamid: string, text: string, name = "Load Customer") {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: DEMO_WABA_ID,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550001111", phone_number_id: DEMO_SALES_NUMBER },
              contacts: [{ profile: { name }, wa_id: waId }],
              messages: [
                {
                  from: waId,
                  id: wamid,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: "text",
                  text: { body: text },
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

export const newWamid = () => `wamid.FAULT${randomBytes(12).toString("hex")}`;

export class WebhookLoad {
  readonly deliveries = new Map<string, Delivery>();
  private readonly pending = new Set<Promise<void>>();
  private stopped = false;
  private counter = 0;

  /** `target()` is asked for every attempt, so the load can move between instances. */
  constructor(private readonly target: () => string) {}

  /** Post one message (with retries) and return once it is acknowledged or the load is abandoned. */
  send(waId: string, text?: string): Promise<void> {
    const wamid = newWamid();
    const d: Delivery = {
      wamid,
      waId,
      text: text ?? `load ${++this.counter} ${wamid.slice(-8)}`,
      answers: [],
      acked: false,
    };
    this.deliveries.set(wamid, d);
    const p = this.deliver(d).finally(() => this.pending.delete(p));
    this.pending.add(p);
    return p;
  }

  /**
   * Send new messages at `perSecond` across `waIds` (round robin) until `until()` says so or
   * `maxMs` passed. At most `maxInFlight` deliveries are outstanding: the load stays bounded
   * when the app stops answering.
   */
  async run(opts: {
    perSecond: number;
    until: () => boolean;
    maxMs: number;
    waIds: string[];
    maxInFlight?: number;
  }): Promise<void> {
    const end = Date.now() + opts.maxMs;
    const gap = 1000 / opts.perSecond;
    let next = Date.now();
    let i = 0;
    while (Date.now() < end && !opts.until() && !this.stopped) {
      if (this.pending.size < (opts.maxInFlight ?? 32)) {
        void this.send(opts.waIds[i++ % opts.waIds.length]);
      }
      next += gap;
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else if (wait < -1000) next = Date.now(); // fell behind: do not burst to catch up
    }
  }

  /**
   * Wait until every delivery is acknowledged (retries included). At the deadline the sender
   * gives up on what is still unanswered, so that the test can report it.
   */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size && Date.now() < deadline) {
      await Promise.race([Promise.all([...this.pending]), new Promise((r) => setTimeout(r, 250))]);
    }
    if (this.pending.size) this.stopped = true;
  }

  figures(): LoadFigures {
    const all = [...this.deliveries.values()];
    const answers = all.flatMap((d) => d.answers);
    return {
      sent: all.length,
      answered200: answers.filter((a) => a === 200).length,
      answered5xx: answers.filter((a) => typeof a === "number" && a >= 500).length,
      networkErrors: answers.filter((a) => a === "network").length,
      other: answers.filter((a) => typeof a === "number" && a !== 200 && a < 500).length,
      acked: all.filter((d) => d.acked).length,
    };
  }

  acked(): Delivery[] {
    return [...this.deliveries.values()].filter((d) => d.acked);
  }

  /** Deliveries that were refused or failed at least once before being acknowledged. */
  retried(): Delivery[] {
    return [...this.deliveries.values()].filter((d) => d.answers.some((a) => a !== 200));
  }

  private async deliver(d: Delivery): Promise<void> {
    const raw = JSON.stringify(webhookBody(d.waId, d.wamid, d.text));
    let delay = 100;
    while (!this.stopped) {
      let status: number | "network";
      try {
        const res = await fetch(`${this.target()}/api/webhooks/whatsapp`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-hub-signature-256": signBody(raw, APP_SECRET) },
          body: raw,
          signal: AbortSignal.timeout(20_000),
        });
        status = res.status;
        await res.arrayBuffer().catch(() => {});
      } catch {
        status = "network";
      }
      d.answers.push(status);
      if (status === 200) {
        d.acked = true;
        return;
      }
      // A 4xx is final for Meta too: record it (the test fails on it) and stop.
      if (typeof status === "number" && status < 500) return;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
    }
  }
}
