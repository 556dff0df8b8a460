// Sums the vitest and Playwright JSON reports into one closing line: "N passed, N failed, N skipped".
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

const [vitestFile, playwrightFile] = process.argv.slice(2);
const v = read<VitestReport>(vitestFile);
const p = read<PlaywrightReport>(playwrightFile);
const passed = (v?.numPassedTests ?? 0) + (p ? p.stats.expected + p.stats.flaky : 0);
const failed = (v?.numFailedTests ?? 0) + (p?.stats.unexpected ?? 0);
const skipped = (v ? v.numPendingTests + v.numTodoTests : 0) + (p?.stats.skipped ?? 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
