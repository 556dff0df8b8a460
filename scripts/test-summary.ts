// Sums the vitest and Playwright JSON reports into one closing line: "N passed, N failed, N skipped".
// Arguments: the vitest report, the Playwright report, then any further vitest reports (faults).
// A Playwright test that passed only on a retry ("flaky") counts as failed, and the exit code says
// so: a suite that passes sometimes proves nothing.
import { readFileSync } from "node:fs";

type VitestReport = {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults?: { assertionResults?: { status: string; fullName?: string; ancestorTitles?: string[] }[] }[];
};
type PlaywrightReport = { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };

function read<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

const [vitestFile, playwrightFile, ...moreVitest] = process.argv.slice(2);
const vs = [vitestFile, ...moreVitest].map((f) => read<VitestReport>(f));
const p = read<PlaywrightReport>(playwrightFile);
const sum = (f: (v: VitestReport) => number) => vs.reduce((a, v) => a + (v ? f(v) : 0), 0);
const passed = sum((v) => v.numPassedTests) + (p?.stats?.expected ?? 0);
const flaky = p?.stats?.flaky ?? 0;
const failed = sum((v) => v.numFailedTests) + (p?.stats?.unexpected ?? 0) + flaky;
const skipped = sum((v) => v.numPendingTests + v.numTodoTests) + (p?.stats?.skipped ?? 0);
if (flaky) console.log(`${flaky} browser test(s) passed only on a retry: counted as failed.`);
// The PostgreSQL halves of describeEachDb are named "… [postgres]"; without a server they are
// registered as skipped, and the closing line says how many of the skipped they are, and why.
const skippedForPostgres = vs.reduce(
  (a, v) =>
    a +
    (v?.testResults ?? [])
      .flatMap((f) => f.assertionResults ?? [])
      .filter((t) => t.status !== "passed" && t.status !== "failed")
      .filter((t) => `${(t.ancestorTitles ?? []).join(" ")} ${t.fullName ?? ""}`.includes("[postgres]"))
      .length,
  0,
);
const withoutPostgres = process.env.SWITCHBOARD_TESTS_WITHOUT_POSTGRES;
if (withoutPostgres) console.log(withoutPostgres);
const why =
  withoutPostgres && skippedForPostgres
    ? ` (${skippedForPostgres} of them need PostgreSQL, which did not answer)`
    : "";
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped${why}`);
if (failed) process.exitCode = 1;
