// Random sequences of customer messages, replies, transitions, deactivations and auto-close sweeps
// (with an injected clock) never break an invariant of SPEC §1, checked against the database after
// every step. On PostgreSQL some steps run at once, on separate connections.
import fc from "fast-check";
import { expect, it } from "vitest";
import { describeEachDb } from "./../helpers/db";
import { checkInvariants } from "./invariants/check-invariants";
import { batchArb, Run } from "./invariants/steps";

// A fixed seed makes a run reproducible (FC_SEED and FC_RUNS explore further). On PostgreSQL the
// batches really race, so the outcome of one seed can still vary with timing.
const SEED = Number(process.env.FC_SEED ?? 13);

describeEachDb("invariants under random steps", (ctx) => {
  it("hold after every step", { timeout: 600_000 }, async () => {
    const concurrent = ctx.kind === "postgres";
    const property = fc.asyncProperty(
      fc.array(batchArb(concurrent), { minLength: 1, maxLength: 30, size: "max" }),
      async (batches) => {
        const run = await Run.start(ctx.db);
        for (const [i, batch] of batches.entries()) {
          await Promise.all(batch.map((s) => run.play(s)));
          const problems = [...run.errors, ...(await checkInvariants(ctx.db, run.businessId, run.ledger))];
          if (problems.length)
            throw new Error(`after batch ${i} ${JSON.stringify(batch)}:\n  ${problems.join("\n  ")}`);
        }
      },
    );
    const out = await fc.check(property, {
      seed: SEED,
      numRuns: Number(process.env.FC_RUNS ?? (ctx.kind === "postgres" ? 25 : 12)),
      // Shrinking replays runs; bound it so a failure is reported in reasonable time.
      interruptAfterTimeLimit: 240_000,
    });
    // The seed, the path to replay, the shrunk counterexample and the broken invariants.
    const report = out.failed
      ? [
          fc.defaultReportMessage(out),
          `counterexample: ${JSON.stringify(out.counterexample)}`,
          String((out.errorInstance as Error | undefined)?.message ?? out.errorInstance),
        ].join("\n")
      : null;
    expect(report).toBeNull();
  });
});
