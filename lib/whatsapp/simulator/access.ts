import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../db/client";
import { wabaNumbers } from "../../../db/schema";
import { getConfig } from "../../config";
import { getCurrentMember } from "../../session";
import { readLimited } from "../receive";

/**
 * Who may play a customer in the simulator (SPEC §3): only a signed-in, active member (read from
 * the database on every request), and only on their own business's numbers. Another business's
 * number answers exactly like one that does not exist, so the simulator reveals nothing about
 * other businesses.
 */
export type SimulatorCaller = { memberId: string; businessId: string };

const notFound = () => Response.json({ ok: false, message: "Not found." }, { status: 404 });

/** The simulator is off (a real Cloud API token is set): its routes do not exist. */
export async function simulatorCaller(): Promise<SimulatorCaller | Response> {
  if (!getConfig().simulator) return notFound();
  const me = await getCurrentMember();
  if (!me) return Response.json({ ok: false, message: "Sign in first." }, { status: 401 });
  return { memberId: me.id, businessId: me.businessId };
}

/** One active number of the caller's business, or null (unknown, inactive or someone else's). */
export async function ownNumber(db: Db, caller: SimulatorCaller, phoneNumberId: string) {
  const [n] = await db
    .select()
    .from(wabaNumbers)
    .where(
      and(
        eq(wabaNumbers.phoneNumberId, phoneNumberId),
        eq(wabaNumbers.businessId, caller.businessId),
        eq(wabaNumbers.active, true),
      ),
    );
  return n ?? null;
}

export const numberNotFound = () =>
  Response.json({ ok: false, message: "Unknown business number." }, { status: 404 });

/**
 * Read a JSON body of at most `limit` bytes and validate it: 413 when it is bigger (nothing is
 * buffered past the limit), 400 when it is not JSON or not the expected shape.
 */
export async function readJsonBody<T extends z.ZodType>(
  req: Request,
  limit: number,
  schema: T,
  invalid = "The request is not valid.",
): Promise<{ data: z.infer<T> } | Response> {
  // A client that aborts mid-body is bad input too, not a server error.
  const raw = await readLimited(req, limit).catch(() => Buffer.alloc(0));
  if (!raw) return Response.json({ ok: false, message: "The request is too large." }, { status: 413 });
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch {
    return Response.json({ ok: false, message: invalid }, { status: 400 });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return Response.json({ ok: false, message: invalid }, { status: 400 });
  return { data: parsed.data };
}

/** The identifiers every simulator request names: a business number and a customer. */
export const phoneNumberIdSchema = z.string().regex(/^\d{1,20}$/);
export const waIdSchema = z
  .string()
  .regex(/^\+?\d{6,15}$/)
  .transform((v) => v.replace(/^\+/, ""));
export const chatSchema = z.object({ phoneNumberId: phoneNumberIdSchema, waId: waIdSchema });

/** The small JSON bodies (read receipts, the phone switch) never need more than this. */
export const SMALL_BODY_BYTES = 4 * 1024;

export const badQuery = () =>
  Response.json({ ok: false, message: "The request is not valid." }, { status: 400 });
