# Sourced by scripts/test-all.sh: when TEST_DATABASE_URL is unset, use a local PostgreSQL if one
# answers (each suite creates and drops its own fresh database on it); otherwise say, once, that
# the PostgreSQL variants are skipped and why — the closing line counts them as skipped.
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  local_pg="${LOCAL_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
  if command -v psql >/dev/null 2>&1 && psql "$local_pg/postgres" -qAtc "select 1" >/dev/null 2>&1; then
    export TEST_DATABASE_URL="$local_pg/postgres"
    echo "PostgreSQL answers at $local_pg: the PostgreSQL variants run there, each on a fresh database."
  else
    export SWITCHBOARD_TESTS_WITHOUT_POSTGRES="No PostgreSQL answered at $local_pg and TEST_DATABASE_URL is unset, so the PostgreSQL variants of the integration suites were skipped (counted as skipped)."
    echo "$SWITCHBOARD_TESTS_WITHOUT_POSTGRES"
  fi
fi
