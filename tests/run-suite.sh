#!/usr/bin/env bash
# The whole suite, as `make test` and CI run it: start a real Elasticsearch node, a real OpenSearch
# node and a PostgreSQL server on 127.0.0.1; run the suite on SQLite (with Elasticsearch), again on
# Django 6 and Python 3.12 (tests/run-django6.sh), the search tests on OpenSearch, then the suite again on PostgreSQL; stop every server whatever
# happens. Extra arguments go to every pytest run. tests/README.md says how long each pass takes.
set -uo pipefail
cd "$(dirname "$0")/.."

PYTEST="${PYTEST:-.venv/bin/pytest}"
ES=tests/elasticsearch/es.sh
OS=tests/opensearch/os.sh
PG=tests/postgres/pg.sh
export ES_PORT="${ES_PORT:-9201}"
export OS_PORT="${OS_PORT:-9401}"
# Where a missing Elasticsearch fails the run (CI), a missing OpenSearch does too.
export CASCADING_REQUIRE_OPENSEARCH="${CASCADING_REQUIRE_OPENSEARCH:-${CASCADING_REQUIRE_ELASTICSEARCH:-0}}"

cleanup() {
    "$ES" stop >/dev/null 2>&1 || true
    "$OS" stop >/dev/null 2>&1 || true
    "$PG" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

# The browser tests drive Debian's chromium (test tools' own browser downloads do not work here).
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# One more try after a pause: a node that cannot start twice is reported with its logs.
if "$ES" start || { sleep 10; "$ES" start; }; then
    export ELASTICSEARCH_TEST_URL="http://127.0.0.1:$ES_PORT"
else
    echo "Elasticsearch did not start: its tests will skip, or fail where CASCADING_REQUIRE_ELASTICSEARCH=1." >&2
    tail -n 20 "${ES_BASE_DIR:-/tmp/cascading-es}"/build.log "${ES_BASE_DIR:-/tmp/cascading-es}"/node-*.log >&2 || true
fi

database_url=""
if "$PG" start; then
    database_url=$("$PG" url)
else
    echo "PostgreSQL did not start." >&2
fi

status=0
echo "== The suite on SQLite, with Elasticsearch =="
"$PYTEST" -m "not opensearch" "$@" || status=$?

echo "== The suite on Django 6 and Python 3.12, with Elasticsearch =="
tests/run-django6.sh -m "not browser and not slow and not opensearch" "$@" || status=$?

echo "== The search tests on OpenSearch =="
if "$OS" start || { sleep 10; "$OS" start; }; then
    env -u ELASTICSEARCH_TEST_URL OPENSEARCH_TEST_URL="http://127.0.0.1:$OS_PORT" \
        "$PYTEST" -m opensearch -p no:cacheprovider "$@" || status=$?
else
    echo "OpenSearch did not start." >&2
    tail -n 20 "${OS_BASE_DIR:-/tmp/cascading-os}"/build.log "${OS_BASE_DIR:-/tmp/cascading-os}"/node-*.log >&2 || true
    [ "$CASCADING_REQUIRE_OPENSEARCH" = "1" ] && status=1
fi
"$OS" stop >/dev/null 2>&1 || true

echo "== The suite on PostgreSQL =="
if [ -n "$database_url" ]; then
    # Everything that touches the database: not the Elasticsearch and browser tests, the wheel
    # build, nor the outage tests (they run PostgreSQL and gunicorn of their own either way).
    DATABASE_URL="$database_url" "$PYTEST" -m "not elasticsearch and not opensearch and not browser" -p no:cacheprovider \
        --deselect tests/test_plugin_wheel.py --deselect tests/site/test_database_outage.py "$@" || status=$?
else
    status=1
fi
exit $status
