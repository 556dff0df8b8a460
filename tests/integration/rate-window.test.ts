import { expect, it } from "vitest";
import { SharedRateWindow } from "../../lib/whatsapp/outbox/shared-rate-window";
import { describeEachDb } from "../helpers/db";

describeEachDb("per-number send rate shared by several app instances", (ctx) => {
  it("two instances together admit at most the per-second rate for one number", async () => {
    const t = 1_800_000_000_250; // a quarter into some second
    const a = new SharedRateWindow(ctx.db, 40, () => t);
    const b = new SharedRateWindow(ctx.db, 40, () => t);
    const waits = await Promise.all([
      ...Array.from({ length: 30 }, () => a.tryAdmit("100000000000001")),
      ...Array.from({ length: 30 }, () => b.tryAdmit("100000000000001")),
    ]);
    expect(waits.filter((w) => w === 0)).toHaveLength(40);
    // The others are told to come back at the start of the next second.
    expect(new Set(waits.filter((w) => w > 0))).toEqual(new Set([750]));
    // Another number has its own budget; the next second starts afresh.
    expect(await a.tryAdmit("100000000000002")).toBe(0);
    expect(await b.tryAdmit("100000000000001", t + 750)).toBe(0);
  });
});
