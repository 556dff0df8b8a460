/** One line per fault test, prefixed so that the figures can be collected for docs/reliability.md. */
export function printFigures(test: string, figures: Record<string, number | string>): void {
  const parts = Object.entries(figures).map(([k, v]) => `${k}=${v}`);
  console.log(`FAULT-FIGURES ${test} ${parts.join(" ")}`);
}

const started = Date.now();
/** Progress lines when FAULT_VERBOSE=1: where a slow or stuck fault test is. */
export function step(what: string): void {
  if (process.env.FAULT_VERBOSE)
    console.log(`[fault +${((Date.now() - started) / 1000).toFixed(1)}s] ${what}`);
}
