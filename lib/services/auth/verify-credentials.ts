import argon2 from "argon2";
import { and, count, eq, gt, ne, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { loginAttempts, members, type Member } from "../../../db/schema";

/**
 * Sign-in throttling (SPEC §8): slow an attacker without locking the real person out.
 * - perAccountAddress: failures of one account from one address before that pair is refused.
 * - perAddress: failures from one address across all accounts (credential stuffing) before the
 *   address is refused.
 * - an account failing from many addresses is never refused, only slowed: past slowAfter
 *   failures in the window each attempt waits, doubling up to maxPauseMs, before its password is
 *   checked. The right password from an address that has not been failing always gets in.
 */
export const THROTTLE = {
  windowMinutes: 15,
  perAccountAddress: 5,
  perAddress: 30,
  slowAfter: 10,
  firstPauseMs: 250,
  maxPauseMs: 8_000,
} as const;

export type CredentialsOutcome =
  | { ok: true; member: Member }
  | { ok: false; reason: "invalid" | "throttled" };

export interface VerifyDeps {
  /** the password check (argon2 unless a test counts calls) */
  verifyPassword?: (hash: string, password: string) => Promise<boolean>;
  /** how an attempt waits when its account is being slowed */
  pause?: (ms: number) => Promise<void>;
}

// A fixed hash to verify against when the email is unknown, so timing does not reveal accounts.
let dummyHash: Promise<string> | undefined;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** How long an attempt waits, given the account's failures in the window from every address. */
export function accountPauseMs(accountFailures: number): number {
  if (accountFailures < THROTTLE.slowAfter) return 0;
  const doublings = Math.min(accountFailures - THROTTLE.slowAfter, 16);
  return Math.min(THROTTLE.firstPauseMs * 2 ** doublings, THROTTLE.maxPauseMs);
}

/**
 * Check an email and password against the database.
 *
 * The attempt is recorded BEFORE it is counted, so reservations are atomic without a lock: of
 * any two parallel attempts the later-committed row sees the earlier one, hence at most
 * `perAccountAddress` attempts of one (account, address) pair are ever admitted to the password
 * check in a window. A refused attempt removes its row (it checked nothing); a failed one keeps
 * it; a success removes the pair's rows.
 */
export async function verifyCredentials(
  db: Db,
  email: string,
  password: string,
  ip: string,
  now = new Date(),
  deps: VerifyDeps = {},
): Promise<CredentialsOutcome> {
  const normalized = email.trim().toLowerCase();
  const since = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  const [attempt] = await db
    .insert(loginAttempts)
    .values({ email: normalized, ip, at: now })
    .returning({ id: loginAttempts.id });
  const recent = gt(loginAttempts.at, since);
  const [[byPair], [byAddress]] = await Promise.all([
    db
      .select({ n: count() })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.email, normalized), eq(loginAttempts.ip, ip), recent)),
    db
      .select({ n: count() })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.ip, ip), recent)),
  ]);
  // Counts include this attempt's own row.
  if (byPair.n > THROTTLE.perAccountAddress || byAddress.n > THROTTLE.perAddress) {
    await db.delete(loginAttempts).where(eq(loginAttempts.id, attempt.id));
    return { ok: false, reason: "throttled" };
  }

  const [byAccount] = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, normalized), ne(loginAttempts.id, attempt.id), recent));
  const wait = accountPauseMs(byAccount.n);
  if (wait > 0) await (deps.pause ?? sleep)(wait);

  const [m] = await db.select().from(members).where(sql`lower(${members.email}) = ${normalized}`);
  dummyHash ??= argon2.hash("not-a-real-password");
  const check = deps.verifyPassword ?? ((h: string, p: string) => argon2.verify(h, p));
  const ok = await check(m?.passwordHash ?? (await dummyHash), password).catch(() => false);
  if (!m || !ok || !m.active || !m.passwordHash) return { ok: false, reason: "invalid" };

  // The real person is in: this address's failures for the account no longer count.
  await db.delete(loginAttempts).where(and(eq(loginAttempts.email, normalized), eq(loginAttempts.ip, ip)));
  return { ok: true, member: m };
}
