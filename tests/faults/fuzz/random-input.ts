// Seeded random input: bogus and hostile values mixed with real ids of both businesses, so a
// fuzz run is reproducible from its seed and reaches past "invalid id" into the real checks.

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick, chance: (p: number) => next() < p };
}
export type Rng = ReturnType<typeof prng>;

/** A well-formed list cursor whose timestamp passes the shape check but is no real date. */
export const BAD_DATE_CURSOR = Buffer.from(
  JSON.stringify(["2024-13-45 25:61:61", "00000000-0000-4000-8000-000000000000"]),
).toString("base64url");

export const HOSTILE_STRINGS = [
  BAD_DATE_CURSOR,
  "",
  " ",
  "1.5",
  "-1",
  "0",
  "1e309",
  "NaN",
  "99999999999999999999999",
  "2024-13-01",
  "2024-02-30",
  "not-a-date",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "not-a-uuid",
  "'; drop table members; --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%00",
  "\u0000",
  "💬".repeat(50),
  "$$",
  "__proto__",
  "open",
  "assigned",
  "closed",
  "owner",
  "admin",
  "true",
  "null",
  "eyJub3QiOiJhIGN1cnNvciJ9",
  "2026-01-01T00:00:00.000Z|00000000-0000-4000-8000-000000000000",
];

/** The values that break parsers of numbers, dates, cursors and ids (pages get only these). */
export const HOSTILE_SCALARS = ["1.5", "2024-13-01", "\u0000", "not-a-uuid", BAD_DATE_CURSOR];

export interface IdPool {
  /** ids a request might name: both businesses' conversations, members, messages, numbers… */
  ids: string[];
  /** digits: phone number ids, wa_ids */
  digits: string[];
}

export function randomString(r: Rng, pool: IdPool): string {
  switch (r.int(6)) {
    case 0:
    case 1:
      return r.pick(pool.ids);
    case 2:
      return r.pick(pool.digits);
    case 3:
      return r.pick(HOSTILE_STRINGS);
    case 4:
      return "x".repeat(r.pick([1, 300, 5000, 70_000]));
    default:
      return r.next().toString(36).slice(2);
  }
}

export function randomValue(r: Rng, pool: IdPool, depth = 0): unknown {
  switch (r.int(depth > 2 ? 5 : 8)) {
    case 0:
      return null;
    case 1:
      return r.pick([0, -1, 1.5, 2 ** 53, 1e308, 4096, 43200, 43201]);
    case 2:
      return r.chance(0.5);
    case 3:
    case 4:
      return randomString(r, pool);
    case 5:
      return Array.from({ length: r.int(4) }, () => randomValue(r, pool, depth + 1));
    default:
      return randomObject(r, pool, depth + 1);
  }
}

/** The field names the app's inputs use, so random objects sometimes look like real ones. */
export const FIELD_NAMES = [
  "conversationId",
  "targetMemberId",
  "memberId",
  "fromMemberId",
  "toMemberId",
  "conversationIds",
  "text",
  "template",
  "templateId",
  "params",
  "basedOnMessageId",
  "messageId",
  "inviteId",
  "email",
  "role",
  "name",
  "minutes",
  "numberId",
  "phoneNumberId",
  "displayNumber",
  "label",
  "active",
  "body",
  "language",
  "quickReplies",
  "parameters",
  "recipients",
  "waId",
  "unreachable",
  "action",
  "password",
  "token",
  "id",
  "campaignId",
];

export function randomObject(r: Rng, pool: IdPool, depth = 0): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = r.int(5); i >= 0; i--) o[r.pick(FIELD_NAMES)] = randomValue(r, pool, depth + 1);
  return o;
}
