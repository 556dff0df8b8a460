// Sums the JSON reports (vitest, Playwright, then any further vitest reports such as the fault
// tests') into one closing line: "N passed, N failed, N skipped".
import { readFileSync } from "node:fs";

type VitestReport = {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
};
type PlaywrightReport = { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };

function read<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

const [vitestFile, playwrightFile, ...moreVitestFiles] = process.argv.slice(2);
const vs = [vitestFile, ...moreVitestFiles].map((f) => read<VitestReport>(f));
const p = read<PlaywrightReport>(playwrightFile);
const sum = (pick: (v: VitestReport) => number) => vs.reduce((n, v) => n + (v ? pick(v) : 0), 0);
const passed = sum((v) => v.numPassedTests) + (p ? p.stats.expected + p.stats.flaky : 0);
const failed = sum((v) => v.numFailedTests) + (p?.stats.unexpected ?? 0);
const skipped = sum((v) => v.numPendingTests + v.numTodoTests) + (p?.stats.skipped ?? 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
