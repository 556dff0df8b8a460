#!/usr/bin/env bash
# `npm test`: every automated test. Unit and integration (embedded database, plus real
# PostgreSQL: TEST_DATABASE_URL, or a local server when one answers, else counted as skipped), then a production build, the fault tests (which start
# and break their own PostgreSQL, Redis and app processes) and the browser e2e suite.
# Ends with one line summing every runner: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
reports=$(mktemp -d)
source scripts/local-postgres.sh

echo "== typecheck"; npx tsc --noEmit
echo "== lint"; npx biome check .
echo "== unit + integration (TEST_DATABASE_URL=${TEST_DATABASE_URL:-unset})"
npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json"
echo "== build"; npx next build > "$reports/build.log" 2>&1 || { tail -50 "$reports/build.log"; exit 1; }
status=0
echo "== faults"
npx vitest run -c vitest.faults.config.mts --reporter=default --reporter=json \
  --outputFile.json="$reports/faults.json" 2>&1 | tee "$reports/faults.log" || status=$?
echo "== e2e"
PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/playwright.json" npx playwright test --reporter=list,json || status=$?
# The fault tests' figures (webhooks sent / acknowledged / stored, replies queued / sent …).
grep -o "FAULT-FIGURES.*" "$reports/faults.log" || true
npx tsx scripts/test-summary.ts "$reports/vitest.json" "$reports/playwright.json" "$reports/faults.json" || status=1
exit $status
