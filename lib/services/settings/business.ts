import { and, desc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../../db/client";
import { businesses, unroutableWebhooks, wabaNumbers } from "../../../db/schema";
import type { LiveEvent } from "../../realtime/events";
import { reserveSeq } from "../business-seq";
import { refuse, RefusalError, isUuid } from "../result";
import { runInTx } from "../run";
import { loadActor } from "../members/actor";

/** SPEC §2: 1 minute to 30 days. */
export const AUTO_CLOSE_MIN = 1;
export const AUTO_CLOSE_MAX = 30 * 24 * 60;
export const AUTO_CLOSE_MESSAGE =
  "The auto-close period must be between 1 minute and 30 days (43,200 minutes).";

async function changed(tx: DbOrTx, businessId: string, events: LiveEvent[], now: Date) {
  const seq = await reserveSeq(tx, businessId, 1);
  events.push({ type: "business.changed", businessId, seq, at: now.toISOString() });
}

/** Everything the settings page shows about the business, for an admin of it. */
export function getBusinessSettings(db: Db, input: { actorId: string }) {
  return runInTx(db, async (tx) => {
    const actor = await loadActor(tx, input.actorId, "settings.manage");
    const [biz] = await tx.select().from(businesses).where(eq(businesses.id, actor.businessId));
    const numbers = await tx
      .select()
      .from(wabaNumbers)
      .where(eq(wabaNumbers.businessId, actor.businessId))
      .orderBy(desc(wabaNumbers.active), wabaNumbers.label);
    return {
      business: { id: biz.id, name: biz.name, wabaId: biz.wabaId, autoCloseMinutes: biz.autoCloseMinutes },
      numbers,
    };
  });
}

export function renameBusiness(db: Db, input: { actorId: string; name: string; now?: Date }) {
  const now = input.now ?? new Date();
  return runInTx(db, async (tx, events) => {
    const actor = await loadActor(tx, input.actorId, "settings.manage");
    const name = input.name.trim();
    if (!name || name.length > 100)
      throw new RefusalError(refuse("invalid_input", "Enter a business name of up to 100 characters."));
    await tx.update(businesses).set({ name }).where(eq(businesses.id, actor.businessId));
    await changed(tx, actor.businessId, events, now);
    return { name };
  });
}

/** `minutes: null` goes back to the server's default (AUTO_CLOSE_AFTER_MINUTES). */
export function setAutoClose(db: Db, input: { actorId: string; minutes: number | null; now?: Date }) {
  const now = input.now ?? new Date();
  return runInTx(db, async (tx, events) => {
    const actor = await loadActor(tx, input.actorId, "settings.manage");
    const m = input.minutes;
    if (m !== null && (!Number.isInteger(m) || m < AUTO_CLOSE_MIN || m > AUTO_CLOSE_MAX)) {
      throw new RefusalError(refuse("invalid_input", AUTO_CLOSE_MESSAGE));
    }
    await tx.update(businesses).set({ autoCloseMinutes: m }).where(eq(businesses.id, actor.businessId));
    await changed(tx, actor.businessId, events, now);
    return { autoCloseMinutes: m };
  });
}

const PHONE_NUMBER_ID = /^\d{5,20}$/;
/**
 * One sentence for every phone number ID that cannot be added — malformed, or registered by
 * another business — so an admin cannot learn which ids other businesses use.
 */
export const NUMBER_ID_REFUSAL =
  "This phone number ID cannot be added. Use the digits Meta shows for a number of your WhatsApp Business Account (5 to 20 digits).";

export interface AddNumberInput {
  actorId: string;
  phoneNumberId: string;
  displayNumber: string;
  label: string;
  now?: Date;
}

export function addNumber(db: Db, input: AddNumberInput) {
  const now = input.now ?? new Date();
  return runInTx(db, async (tx, events) => {
    const actor = await loadActor(tx, input.actorId, "settings.manage");
    const phoneNumberId = input.phoneNumberId.trim();
    const displayNumber = input.displayNumber.trim();
    const label = input.label.trim();
    if (!PHONE_NUMBER_ID.test(phoneNumberId))
      throw new RefusalError(refuse("invalid_input", NUMBER_ID_REFUSAL));
    if (!displayNumber || displayNumber.length > 40)
      throw new RefusalError(refuse("invalid_input", "Enter the display number."));
    if (!label || label.length > 40)
      throw new RefusalError(refuse("invalid_input", "Enter a label of up to 40 characters."));
    const [taken] = await tx
      .select({ id: wabaNumbers.id, businessId: wabaNumbers.businessId })
      .from(wabaNumbers)
      .where(eq(wabaNumbers.phoneNumberId, phoneNumberId));
    if (taken?.businessId === actor.businessId)
      throw new RefusalError(refuse("invalid_input", "This number is already in your list."));
    // Another business's number reads exactly like an id that cannot be one of yours.
    if (taken) throw new RefusalError(refuse("invalid_input", NUMBER_ID_REFUSAL));
    // Two businesses registering the same id at once: the loser gets the same refusal, not an error.
    const [row] = await tx
      .insert(wabaNumbers)
      .values({ businessId: actor.businessId, phoneNumberId, displayNumber, label, createdAt: now })
      .onConflictDoNothing({ target: wabaNumbers.phoneNumberId })
      .returning({ id: wabaNumbers.id });
    if (!row) throw new RefusalError(refuse("invalid_input", NUMBER_ID_REFUSAL));
    await changed(tx, actor.businessId, events, now);
    return { numberId: row.id };
  });
}

export interface UpdateNumberInput {
  actorId: string;
  numberId: string;
  label?: string;
  active?: boolean;
  now?: Date;
}

/** Relabel a number, or disable / enable it. Another business's number reads as not found. */
export function updateNumber(db: Db, input: UpdateNumberInput) {
  const now = input.now ?? new Date();
  return runInTx(db, async (tx, events) => {
    const actor = await loadActor(tx, input.actorId, "settings.manage");
    if (!isUuid(input.numberId)) throw new RefusalError(refuse("not_found", "Number not found."));
    const set: { label?: string; active?: boolean } = {};
    if (input.label !== undefined) {
      const label = input.label.trim();
      if (!label || label.length > 40)
        throw new RefusalError(refuse("invalid_input", "Enter a label of up to 40 characters."));
      set.label = label;
    }
    if (input.active !== undefined) set.active = input.active;
    if (!Object.keys(set).length) throw new RefusalError(refuse("invalid_input", "Nothing to change."));
    const rows = await tx
      .update(wabaNumbers)
      .set(set)
      .where(and(eq(wabaNumbers.id, input.numberId), eq(wabaNumbers.businessId, actor.businessId)))
      .returning({ id: wabaNumbers.id });
    if (!rows.length) throw new RefusalError(refuse("not_found", "Number not found."));
    await changed(tx, actor.businessId, events, now);
    return { numberId: rows[0].id };
  });
}

/**
 * Webhook updates that reached no business, limited to those whose entry came from this
 * business's WhatsApp Business Account (`entry.id` is the WABA id, kept per entry), so one
 * business never sees another's traffic — not even from a delivery that carried both.
 * Typically a number added at Meta but not yet here.
 */
export function listUnroutable(db: Db, input: { actorId: string; limit?: number }) {
  return runInTx(db, async (tx) => {
    const actor = await loadActor(tx, input.actorId, "settings.manage");
    const [biz] = await tx
      .select({ wabaId: businesses.wabaId })
      .from(businesses)
      .where(eq(businesses.id, actor.businessId));
    const rows = await tx
      .select({
        id: unroutableWebhooks.id,
        phoneNumberId: unroutableWebhooks.phoneNumberId,
        displayPhoneNumber: unroutableWebhooks.displayPhoneNumber,
        receivedAt: unroutableWebhooks.receivedAt,
        value: unroutableWebhooks.value,
      })
      .from(unroutableWebhooks)
      .where(eq(unroutableWebhooks.entryId, biz.wabaId))
      .orderBy(desc(unroutableWebhooks.receivedAt))
      .limit(Math.min(input.limit ?? 100, 500));
    return { rows };
  });
}
