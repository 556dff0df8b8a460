#!/usr/bin/env bash
# `npm test`: every automated test. Unit and integration (embedded database, plus real
# PostgreSQL when TEST_DATABASE_URL is set), then a production build and the browser e2e suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

echo "== typecheck"; npx tsc --noEmit
echo "== lint"; npx biome check .
echo "== unit + integration (TEST_DATABASE_URL=${TEST_DATABASE_URL:-unset})"; npx vitest run
echo "== build"; npx next build > /tmp/switchboard-build.log 2>&1 || { tail -50 /tmp/switchboard-build.log; exit 1; }
echo "== e2e"; npx playwright test
