import type { Db, Tx } from "../../db/client";
import type { LiveEvent } from "../realtime/events";
import { getPublisher } from "../realtime/publisher";
import { RefusalError, type Result } from "./result";

/**
 * Run one service call as one transaction. A RefusalError rolls everything back and becomes a
 * typed refusal; live events are published only after the commit succeeded.
 */
export async function runInTx<T extends object>(
  db: Db,
  work: (tx: Tx, events: LiveEvent[]) => Promise<T>,
  afterCommit?: (value: T) => void,
): Promise<Result<T>> {
  const events: LiveEvent[] = [];
  let value: T;
  try {
    value = await db.transaction((tx) => work(tx as Tx, events));
  } catch (e) {
    if (e instanceof RefusalError) return e.refusal;
    throw e;
  }
  if (events.length) getPublisher().publish(events);
  afterCommit?.(value);
  return { ok: true, ...value };
}
