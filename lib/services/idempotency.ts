import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { idempotencyKeys } from "../../db/schema";
import { refuse, RefusalError } from "./result";

/** What a client may send as its key: a UUID from crypto.randomUUID, or any similar token. */
export const idempotencyKeySchema = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/);

/**
 * Start an action under the client's key, inside the action's transaction. The first call with
 * a key inserts it and returns null: go on, then `rememberResult`. A call whose key is already
 * stored returns the first call's result instead, so a double press or a retry after a lost
 * answer does the work once. Two calls at the same moment meet on the primary key: the second
 * waits until the first commits (then gets its result) or rolls back (then does the work).
 */
export async function replayed<T>(
  tx: Tx,
  businessId: string,
  key: string | undefined,
  action: string,
): Promise<T | null> {
  if (key === undefined) return null;
  const inserted = await tx
    .insert(idempotencyKeys)
    .values({ businessId, key, action })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length) return null;
  const [prior] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.businessId, businessId), eq(idempotencyKeys.key, key)));
  if (!prior || prior.action !== action || !prior.result) {
    throw new RefusalError(
      refuse("invalid_input", "This send was already used for something else. Reload and try again."),
    );
  }
  return prior.result as T;
}

/** Store the action's result under its key, in the same transaction as the action itself. */
export async function rememberResult(
  tx: Tx,
  businessId: string,
  key: string | undefined,
  result: object,
): Promise<void> {
  if (key === undefined) return;
  await tx
    .update(idempotencyKeys)
    .set({ result: result as Record<string, unknown> })
    .where(and(eq(idempotencyKeys.businessId, businessId), eq(idempotencyKeys.key, key)));
}
