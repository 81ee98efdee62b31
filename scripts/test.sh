#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine, then runs it:
# the project with its test extra, Debian's chromium for the browser tests, ruff, pytest.
# Browser tests never skip: without a usable Chromium this script fails loudly.
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check -e ".[test]"

# Debian packages the tests drive: chromium (browser tests), nginx (the load-balancer
# configuration for a class is checked with a real nginx in front of two servers) and
# redis-server (the checkpoint store several replicas share; the tests start their own).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
        echo "Installing Debian's ${missing[*]} for the tests..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "ERROR: missing ${missing[*]}. Install Debian's packages: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi

ruff check .
# Two workers, one per core; a test file stays on one worker (its server and browser are
# started once per file's session fixtures there). PYTEST_WORKERS=0 runs in one process.
python -m pytest -n "${PYTEST_WORKERS:-2}" --dist loadfile "$@"
