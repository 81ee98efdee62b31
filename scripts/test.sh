#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine, then runs it:
# the project with its test extra, Debian's chromium for the browser tests, ruff, pytest.
# Browser tests never skip: without a usable Chromium this script fails loudly.
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check -e ".[test]"

if [ ! -x /usr/bin/chromium ]; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
        echo "Installing Debian's chromium for the browser tests..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "ERROR: /usr/bin/chromium is missing. Install Debian's package: sudo apt-get install chromium" >&2
        exit 1
    fi
fi

ruff check .
python -m pytest "$@"
