#!/usr/bin/env bash
# Start or stop a throw-away PostgreSQL cluster and Redis on 127.0.0.1 for the tests.
#   scripts/services.sh start   prints the URLs to export
#   scripts/services.sh stop
set -euo pipefail
PGVER=$(ls /usr/lib/postgresql | sort -n | tail -1)
PGBIN=/usr/lib/postgresql/$PGVER/bin
PGDATA=${FILING_TEST_PGDATA:-/tmp/filing-test-pg}
PGPORT=${FILING_TEST_PGPORT:-55432}
REDISPORT=${FILING_TEST_REDISPORT:-56379}
RUNAS=""
if [ "$(id -u)" -eq 0 ]; then RUNAS="runuser -u postgres --"; fi

case "${1:-}" in
  start)
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
      rm -rf "$PGDATA"; mkdir -p "$PGDATA"
      [ -n "$RUNAS" ] && chown postgres:postgres "$PGDATA"
      $RUNAS "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    # Listen on loopback only; the socket lives in the data folder.
    $RUNAS "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off -c full_page_writes=off" start >/dev/null
    psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "DROP DATABASE IF EXISTS filing_test" >/dev/null
    psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "CREATE DATABASE filing_test" >/dev/null
    redis-server --bind 127.0.0.1 --port "$REDISPORT" --save "" --appendonly no --daemonize yes \
      --pidfile /tmp/filing-test-redis-$REDISPORT.pid --logfile /tmp/filing-test-redis-$REDISPORT.log
    echo "TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:$PGPORT/filing_test"
    echo "TEST_REDIS_URL=redis://127.0.0.1:$REDISPORT/0"
    ;;
  stop)
    $RUNAS "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
    if [ -f /tmp/filing-test-redis-$REDISPORT.pid ]; then kill "$(cat /tmp/filing-test-redis-$REDISPORT.pid)" 2>/dev/null || true; fi
    rm -f /tmp/filing-test-redis-$REDISPORT.pid
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
