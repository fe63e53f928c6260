#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for the test suite, from Debian's packages.
#   tests/postgres/pg.sh start   install if needed, start, create the database, print DATABASE_URL
#   tests/postgres/pg.sh stop    stop it (idempotent)
#   tests/postgres/pg.sh url     print DATABASE_URL
set -euo pipefail

PG_PORT="${PG_PORT:-5433}"
PG_BASE_DIR="${PG_BASE_DIR:-/tmp/cascading-pg}"
PG_DB="${PG_DB:-cascading}"
PG_USER="${PG_USER:-cascading}"
DATA="$PG_BASE_DIR/data"
LOG="$PG_BASE_DIR/postgres.log"

pg_bin() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    echo "$found"
}

# PostgreSQL refuses to run as root; the Debian package creates the `postgres` system user.
as_pg() {
    if [ "$(id -u)" = "0" ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

install_if_missing() {
    if [ -z "$(pg_bin)" ]; then
        if [ "$(id -u)" != "0" ]; then
            echo "PostgreSQL is not installed; run: sudo apt-get install postgresql" >&2
            return 1
        fi
        echo "Installing PostgreSQL from Debian's packages..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
}

url() {
    echo "postgres://$PG_USER@127.0.0.1:$PG_PORT/$PG_DB"
}

start() {
    install_if_missing
    local bin
    bin=$(pg_bin)
    mkdir -p "$PG_BASE_DIR"
    if [ "$(id -u)" = "0" ]; then chown postgres: "$PG_BASE_DIR"; fi
    if [ ! -f "$DATA/PG_VERSION" ]; then
        as_pg "$bin/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_pg "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
        # Settings for a disposable test server: fast, not durable.
        as_pg "$bin/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start -o \
            "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_BASE_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
    fi
    local psql=("$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt)
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'")" != "1" ]; then
        "${psql[@]}" -c "CREATE ROLE $PG_USER LOGIN CREATEDB"
    fi
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname='$PG_DB'")" != "1" ]; then
        "${psql[@]}" -c "CREATE DATABASE $PG_DB OWNER $PG_USER"
    fi
    echo "PostgreSQL $("${psql[@]}" -c 'SHOW server_version') on 127.0.0.1:$PG_PORT: $(url)" >&2
}

stop() {
    local bin
    bin=$(pg_bin)
    if [ -n "$bin" ] && [ -f "$DATA/postmaster.pid" ]; then
        as_pg "$bin/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) url ;;
    *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
