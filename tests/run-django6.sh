#!/usr/bin/env bash
# One more combination for CI: the suite on Django 6 and Python 3.12, on SQLite.
#
#   tests/run-django6.sh [pytest arguments...]
#
# Creates .venv-django6 with Python 3.12 (or reuses it while pyproject.toml, constraints-django6.txt
# and the interpreter are unchanged; otherwise it is built anew), installs the project with the site
# and test extras pinned by constraints-django6.txt, and runs pytest -m "not browser and not slow".
# Extra arguments go to pytest. ELASTICSEARCH_TEST_URL (and CASCADING_REQUIRE_ELASTICSEARCH) pass
# through: with a node the Elasticsearch tests run, without one they skip. DATABASE_URL does not:
# this run is on SQLite. The exit status is pytest's; 2 when no Python 3.12 is found, 1 when the
# install fails.
#
# Python 3.12 is, in this order: $PYTHON312 if set; pyenv's newest 3.12.x
# ($PYENV_ROOT/versions/3.12.*, never installed from the internet); a python3.12 on PATH that runs;
# Debian's python3.12 and python3.12-venv, installed with apt-get (as root) where apt has them.
set -uo pipefail
cd "$(dirname "$0")/.."

VENV="${DJANGO6_VENV:-.venv-django6}"
CONSTRAINTS=constraints-django6.txt

# True when $1 runs and is a Python 3.12 that can create virtual environments.
is_python312() {
    [ -n "$1" ] && "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info[:2] != (3, 12))' >/dev/null 2>&1
}

find_python312() {
    local candidate
    # pyenv's own versions folder: its shims only answer for the versions pyenv has selected.
    for candidate in $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12.* 2>/dev/null | sort -rV); do
        if is_python312 "$candidate/bin/python3.12"; then echo "$candidate/bin/python3.12"; return 0; fi
    done
    candidate=$(command -v python3.12 || true)
    if is_python312 "$candidate"; then echo "$candidate"; return 0; fi
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq >/dev/null 2>&1 || true
        if apt-cache policy python3.12 2>/dev/null | grep -q 'Candidate: [0-9]'; then
            echo "Installing Debian's python3.12..." >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3.12 python3.12-venv >/dev/null || true
            if is_python312 /usr/bin/python3.12; then echo /usr/bin/python3.12; return 0; fi
        fi
    fi
    return 1
}

if [ -n "${PYTHON312:-}" ]; then
    if ! is_python312 "$PYTHON312"; then
        echo "tests/run-django6.sh: PYTHON312=$PYTHON312 is not a Python 3.12 with venv and ensurepip." >&2
        exit 2
    fi
    PYTHON="$PYTHON312"
elif ! PYTHON=$(find_python312); then
    cat >&2 <<EOF
tests/run-django6.sh: no Python 3.12 found. Looked in pyenv's
${PYENV_ROOT:-$HOME/.pyenv}/versions/3.12.*, for python3.12 on PATH, and for Debian's python3.12
package (Debian 12 has none). Install one (for example \`pyenv install 3.12\` where pyenv can download
it) or point PYTHON312 at one, then run this script again.
EOF
    exit 2
fi

# The venv is reused while what it was built from is unchanged.
fingerprint=$( { "$PYTHON" -c 'import sys; print(sys.version)'; cat pyproject.toml "$CONSTRAINTS"; } | sha256sum | cut -d' ' -f1)
stamp="$VENV/.installed-stamp"
if [ "$(cat "$stamp" 2>/dev/null)" != "$fingerprint" ]; then
    echo "== Installing Django 6 environment in $VENV with $PYTHON ($("$PYTHON" --version 2>&1))"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV" || exit 1
    "$VENV/bin/python" -m pip install -q --upgrade pip || exit 1
    "$VENV/bin/python" -m pip install -q -c "$CONSTRAINTS" -e ".[site,test,opensearch]" || exit 1
    echo "$fingerprint" >"$stamp"
else
    echo "== Reusing $VENV (pyproject.toml, $CONSTRAINTS and Python unchanged)"
fi

"$VENV/bin/python" -c 'import sys, django, wagtail; print(f"== The suite on Python {sys.version.split()[0]}, Django {django.__version__}, Wagtail {wagtail.__version__}, SQLite")'
if [ -n "${ELASTICSEARCH_TEST_URL:-}" ]; then
    echo "== Elasticsearch tests on $ELASTICSEARCH_TEST_URL"
else
    echo "== ELASTICSEARCH_TEST_URL is not set: the Elasticsearch tests skip (or fail under CASCADING_REQUIRE_ELASTICSEARCH=1)"
fi
env -u DATABASE_URL "$VENV/bin/pytest" -m "not browser and not slow" -p no:cacheprovider "$@"
