#!/usr/bin/env bash
# make test: set up (with Chromium, PostgreSQL, Redis), then run every suite:
#   pass 1  SQLite: unit, service, migration and state tests, then the browser tests
#   pass 2  PostgreSQL: unit, service and migration tests, and the browser test(s)
#           marked postgres_pass with the Redis state manager
# Extra arguments go to every pytest run (e.g. -x, -k name).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test || exit 1
source scripts/env.sh

status=0
run() {  # pytest exits 5 when a selection holds no test: that is not a failure here
  python -m pytest "$@"; local rc=$?
  if [ $rc -ne 0 ] && [ $rc -ne 5 ]; then status=1; fi
}

echo "== Pass 1: SQLite"
run tests --ignore=tests/e2e -q "$@"
run tests/e2e -q "$@"

echo "== Pass 2: PostgreSQL + Redis"
urls=$(scripts/services.sh start) || { echo "could not start PostgreSQL/Redis"; exit 1; }
trap 'scripts/services.sh stop' EXIT
eval "export $(echo $urls | tr '\n' ' ')"
run tests/unit tests/services tests/migrations -q "$@"
run tests/e2e -q -m postgres_pass "$@"

if [ $status -eq 0 ]; then echo "== All test passes succeeded"; else echo "== Some tests FAILED"; fi
exit $status
