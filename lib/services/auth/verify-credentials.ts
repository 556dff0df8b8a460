import argon2 from "argon2";
import { and, count, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { loginAttempts, members, type Member } from "../../../db/schema";

export const THROTTLE = { windowMinutes: 15, perAccount: 5, perIp: 30 } as const;

export type CredentialsOutcome =
  | { ok: true; member: Member }
  | { ok: false; reason: "invalid" | "throttled" };

// A fixed hash to verify against when the email is unknown, so timing does not reveal accounts.
let dummyHash: Promise<string> | undefined;

/**
 * Check an email and password against the database. After THROTTLE.perAccount failures for one
 * email, or THROTTLE.perIp for one address, within the window, sign-in is refused even with the
 * right password until the window has passed.
 */
export async function verifyCredentials(
  db: Db,
  email: string,
  password: string,
  ip: string,
  now = new Date(),
): Promise<CredentialsOutcome> {
  const normalized = email.trim().toLowerCase();
  const since = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  const [[byAccount], [byIp]] = await Promise.all([
    db
      .select({ n: count() })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.email, normalized), gt(loginAttempts.at, since))),
    db
      .select({ n: count() })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.ip, ip), gt(loginAttempts.at, since))),
  ]);
  if (byAccount.n >= THROTTLE.perAccount || byIp.n >= THROTTLE.perIp)
    return { ok: false, reason: "throttled" };

  const [m] = await db.select().from(members).where(sql`lower(${members.email}) = ${normalized}`);
  dummyHash ??= argon2.hash("not-a-real-password");
  const ok = await argon2.verify(m?.passwordHash ?? (await dummyHash), password).catch(() => false);
  if (!m || !ok || !m.active || !m.passwordHash) {
    await db.insert(loginAttempts).values({ email: normalized, ip, at: now });
    return { ok: false, reason: "invalid" };
  }
  return { ok: true, member: m };
}
