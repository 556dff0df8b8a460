import { eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { businesses, wabaNumbers } from "../../../db/schema";

type Entry = { id?: unknown; changes?: { value?: { metadata?: { phone_number_id?: unknown } } }[] };

/**
 * Put the WABA id of the number's business on each entry, as Meta does: the receiver routes a
 * value only when its entry is the WABA of the business that owns the number.
 */
export async function addressToOwnWaba(db: Db, body: Record<string, unknown>): Promise<void> {
  const entries = Array.isArray(body.entry) ? (body.entry as Entry[]) : [];
  for (const entry of entries) {
    const phoneNumberId = entry.changes?.[0]?.value?.metadata?.phone_number_id;
    if (typeof phoneNumberId !== "string") continue;
    const [row] = await db
      .select({ wabaId: businesses.wabaId })
      .from(wabaNumbers)
      .innerJoin(businesses, eq(businesses.id, wabaNumbers.businessId))
      .where(eq(wabaNumbers.phoneNumberId, phoneNumberId));
    if (row) entry.id = row.wabaId;
  }
}
