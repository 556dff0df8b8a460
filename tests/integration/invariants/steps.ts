// Random steps against the service layer, and the code that plays them on one business.
// Steps name members, numbers, customers and conversations by small indices so fast-check can
// shrink a failing sequence to a readable one.
import fc from "fast-check";
import type { Db } from "../../../db/client";
import { sweepAutoClose } from "../../../lib/services/conversations/auto-close";
import {
  type CustomerMessageInput,
  receiveCustomerMessage,
} from "../../../lib/services/conversations/customer-message";
import { reply } from "../../../lib/services/conversations/reply";
import {
  assign,
  pickUp,
  reassign,
  resolve,
  returnToOpen,
  takeOver,
} from "../../../lib/services/conversations/transition";
import { deactivateMember, reactivateMember } from "../../../lib/services/members/manage";
import { makeBusiness, newWamid, type World } from "../../helpers/factory";
import type { Ledger } from "./check-invariants";

export const TRANSITIONS = { pickUp, takeOver, resolve, returnToOpen } as const;
export const TARGETED = { assign, reassign } as const;

export type Step =
  | { k: "customer"; num: number; cust: number }
  | { k: "redeliver"; pick: number }
  | { k: "reply"; by: number; conv: number }
  | { k: keyof typeof TRANSITIONS; by: number; conv: number }
  | { k: keyof typeof TARGETED; by: number; conv: number; target: number }
  | { k: "deactivate" | "reactivate"; by: number; target: number }
  | { k: "sweep"; minutes: number };

// Members: 0 owner, 1 admin, 2 manager, 3 and 4 agents.
const member = fc.integer({ min: 0, max: 4 });
const conv = fc.nat({ max: 7 });

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ k: fc.constant("customer" as const), num: fc.nat(1), cust: fc.nat(3) }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("redeliver" as const), pick: fc.nat(20) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("reply" as const), by: member, conv }) },
  {
    weight: 5,
    arbitrary: fc.record({
      k: fc.constantFrom(...(Object.keys(TRANSITIONS) as (keyof typeof TRANSITIONS)[])),
      by: member,
      conv,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constantFrom(...(Object.keys(TARGETED) as (keyof typeof TARGETED)[])),
      by: member,
      conv,
      target: member,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constantFrom("deactivate" as const, "reactivate" as const),
      by: member,
      target: member,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ k: fc.constant("sweep" as const), minutes: fc.integer({ min: 0, max: 90 }) }),
  },
);

/** A step, or (when concurrency is allowed) 2–4 steps started at once. */
export const batchArb = (concurrent: boolean): fc.Arbitrary<Step[]> =>
  concurrent
    ? fc.oneof(
        { weight: 2, arbitrary: stepArb.map((s) => [s]) },
        { weight: 1, arbitrary: fc.array(stepArb, { minLength: 2, maxLength: 4 }) },
      )
    : stepArb.map((s) => [s]);

const AUTO_CLOSE_MINUTES = 30;

/** One business under test, the clock the steps share, and what the service accepted. */
export class Run {
  readonly ledger: Ledger = { inbound: new Map(), outbound: new Set() };
  readonly convs: string[] = [];
  /** thrown errors (not refusals): a member would see a failure */
  readonly errors: string[] = [];
  private readonly accepted: CustomerMessageInput[] = [];
  private readonly waIds = ["15550000001", "15550000002", "15550000003", "15550000004"];
  private clock: number;

  private constructor(
    private readonly db: Db,
    readonly world: World,
    private readonly everyone: World["owner"][],
  ) {
    this.clock = Date.now();
    // Customers are per business, so fixed wa_ids keep counterexamples readable.
  }

  static async start(db: Db): Promise<Run> {
    const w = await makeBusiness(db, { autoCloseMinutes: AUTO_CLOSE_MINUTES });
    return new Run(db, w, [w.owner, w.admin, w.manager, w.agents[0], w.agents[1]]);
  }

  get businessId() {
    return this.world.biz.id;
  }

  private now() {
    return new Date(this.clock);
  }

  private convAt(i: number): string | undefined {
    return this.convs.length ? this.convs[i % this.convs.length] : undefined;
  }

  private async deliver(input: CustomerMessageInput) {
    const r = await receiveCustomerMessage(this.db, input);
    if (!r.ok) throw new Error(`customer message refused: ${r.message}`);
    if (r.duplicate) {
      if (this.ledger.inbound.get(r.messageId ?? "") !== input.message.wamid)
        this.errors.push(`redelivered ${input.message.wamid} was not recognised as its first delivery`);
      return;
    }
    this.ledger.inbound.set(r.messageId!, input.message.wamid);
    this.accepted.push(input);
    if (r.conversationId && !this.convs.includes(r.conversationId)) this.convs.push(r.conversationId);
  }

  async play(step: Step): Promise<void> {
    try {
      await this.playUnguarded(step);
    } catch (e) {
      // drizzle wraps the driver's error: its cause says what the database refused (e.g. a deadlock).
      const err = e as Error & { cause?: { message?: string; code?: string } };
      const why = err.cause?.message ? `${err.cause.code ?? ""} ${err.cause.message}` : err.message;
      this.errors.push(`${JSON.stringify(step)} threw ${why.slice(0, 300)}`);
    }
  }

  private async playUnguarded(step: Step): Promise<void> {
    const now = this.now();
    switch (step.k) {
      case "customer":
        return this.deliver({
          phoneNumberId: this.world.numbers[step.num].phoneNumberId,
          customer: { waId: this.waIds[step.cust], profileName: `Customer ${step.cust}` },
          message: { wamid: newWamid(), type: "text", body: `hello ${step.cust}`, timestamp: now },
        });
      case "redeliver": {
        // Meta delivers at least once: the same wamid again must change nothing.
        const again = this.accepted[step.pick % Math.max(1, this.accepted.length)];
        if (again) await this.deliver(again);
        return;
      }
      case "reply": {
        const id = this.convAt(step.conv);
        if (!id) return;
        const r = await reply(this.db, {
          memberId: this.everyone[step.by].id,
          conversationId: id,
          text: `reply by ${step.by}`,
          now,
        });
        if (r.ok) this.ledger.outbound.add(r.messageId);
        return;
      }
      case "pickUp":
      case "takeOver":
      case "resolve":
      case "returnToOpen": {
        const id = this.convAt(step.conv);
        if (id)
          await TRANSITIONS[step.k](this.db, {
            memberId: this.everyone[step.by].id,
            conversationId: id,
            now,
          });
        return;
      }
      case "assign":
      case "reassign": {
        const id = this.convAt(step.conv);
        if (id)
          await TARGETED[step.k](this.db, {
            memberId: this.everyone[step.by].id,
            conversationId: id,
            targetMemberId: this.everyone[step.target].id,
            now,
          });
        return;
      }
      case "deactivate":
      case "reactivate": {
        const fn = step.k === "deactivate" ? deactivateMember : reactivateMember;
        await fn(this.db, {
          actorId: this.everyone[step.by].id,
          memberId: this.everyone[step.target].id,
          now,
        });
        return;
      }
      case "sweep":
        this.clock += step.minutes * 60_000;
        await sweepAutoClose(this.db, { now: this.now(), defaultMinutes: 60 });
        return;
    }
  }
}
