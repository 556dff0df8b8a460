#!/usr/bin/env bash
# `npm test`: every automated test. Unit and integration (embedded database, plus real
# PostgreSQL when TEST_DATABASE_URL is set), then a production build, the process-level fault
# tests against it, and the browser e2e suite.
# Ends with one line summing every runner: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
reports=$(mktemp -d)

echo "== typecheck"; npx tsc --noEmit
echo "== lint"; npx biome check .
echo "== unit + integration (TEST_DATABASE_URL=${TEST_DATABASE_URL:-unset})"
npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json"
echo "== build"; npx next build > "$reports/build.log" 2>&1 || { tail -50 "$reports/build.log"; exit 1; }
status=0
# Process-level fault tests against the build: each starts (and stops) its own app processes.
echo "== faults"
npx vitest run -c vitest.faults.config.mts --reporter=default --reporter=json --outputFile.json="$reports/faults.json" || status=$?
echo "== e2e"
PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/playwright.json" npx playwright test --reporter=list,json || status=$?
npx tsx scripts/test-summary.ts "$reports/vitest.json" "$reports/playwright.json" "$reports/faults.json"
exit $status
