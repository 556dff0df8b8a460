import argon2 from "argon2";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { members } from "../../db/schema";
import { THROTTLE, verifyCredentials } from "../../lib/services/auth/verify-credentials";
import { describeEachDb } from "../helpers/db";
import { makeBusiness } from "../helpers/factory";

const PASSWORD = "the-right-password";

describeEachDb("sign-in throttle", (ctx) => {
  async function memberWithPassword() {
    const w = await makeBusiness(ctx.db);
    await ctx.db
      .update(members)
      .set({ passwordHash: await argon2.hash(PASSWORD) })
      .where(eq(members.id, w.asha.id));
    return w.asha;
  }

  it("5 wrong passwords from one address do not lock the real person out from another", async () => {
    const m = await memberWithPassword();
    for (let i = 0; i < THROTTLE.perAccountAddress; i++) {
      expect(await verifyCredentials(ctx.db, m.email, `wrong-${i}`, "198.51.100.1")).toMatchObject({
        ok: false,
        reason: "invalid",
      });
    }
    expect((await verifyCredentials(ctx.db, m.email, PASSWORD, "203.0.113.7")).ok).toBe(true);
    // The failing address itself is held back, even with the right password.
    expect(await verifyCredentials(ctx.db, m.email, PASSWORD, "198.51.100.1")).toMatchObject({
      ok: false,
      reason: "throttled",
    });
  });

  it("20 parallel wrong guesses from one address: at most the limit reach the password check", async () => {
    const m = await memberWithPassword();
    let verified = 0;
    const verifyPassword = async (hash: string, password: string) => {
      verified++;
      return argon2.verify(hash, password);
    };
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        verifyCredentials(ctx.db, m.email, `guess-${i}`, "198.51.100.2", new Date(), { verifyPassword }),
      ),
    );
    const checked = outcomes.filter((o) => !o.ok && o.reason === "invalid").length;
    expect(checked).toBeLessThanOrEqual(THROTTLE.perAccountAddress);
    expect(outcomes.filter((o) => !o.ok && o.reason === "throttled").length).toBe(20 - checked);
    expect(verified).toBeLessThanOrEqual(THROTTLE.perAccountAddress);
  });

  it("an account failing from many addresses is slowed, yet the right password from a new address gets in", async () => {
    const m = await memberWithPassword();
    const pauses: number[] = [];
    const pause = async (ms: number) => {
      pauses.push(ms);
    };
    for (let i = 0; i < 30; i++) {
      const r = await verifyCredentials(ctx.db, m.email, `spray-${i}`, `192.0.2.${i + 1}`, new Date(), {
        pause,
      });
      expect(r).toMatchObject({ ok: false, reason: "invalid" });
    }
    pauses.length = 0;
    const real = await verifyCredentials(ctx.db, m.email, PASSWORD, "203.0.113.50", new Date(), { pause });
    expect(real.ok).toBe(true);
    // Slowed: the attempt waited before its password was checked.
    expect(pauses.length).toBe(1);
    expect(pauses[0]).toBeGreaterThan(0);
    expect(pauses[0]).toBeLessThanOrEqual(THROTTLE.maxPauseMs);
  });

  it("a correct sign-in clears its address's failures; the window ends a throttle", async () => {
    const m = await memberWithPassword();
    const ip = "198.51.100.3";
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < THROTTLE.perAccountAddress - 1; i++)
        await verifyCredentials(ctx.db, m.email, `wrong-${round}-${i}`, ip);
      expect((await verifyCredentials(ctx.db, m.email, PASSWORD, ip)).ok).toBe(true);
    }
    for (let i = 0; i < THROTTLE.perAccountAddress; i++) await verifyCredentials(ctx.db, m.email, "nope", ip);
    expect((await verifyCredentials(ctx.db, m.email, PASSWORD, ip)).ok).toBe(false);
    const later = new Date(Date.now() + (THROTTLE.windowMinutes + 1) * 60_000);
    expect((await verifyCredentials(ctx.db, m.email, PASSWORD, ip, later)).ok).toBe(true);
  });

  it("one address failing across many accounts is throttled for every account", async () => {
    const m = await memberWithPassword();
    const ip = "198.51.100.4";
    for (let i = 0; i < THROTTLE.perAddress; i++)
      await verifyCredentials(ctx.db, `nobody-${i}@t.test`, "guess", ip);
    expect(await verifyCredentials(ctx.db, m.email, PASSWORD, ip)).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    expect((await verifyCredentials(ctx.db, m.email, PASSWORD, "203.0.113.9")).ok).toBe(true);
  });
});
