#!/usr/bin/env bash
# Install everything the test suite needs on a fresh machine, then run it.
# Used by README.md ("run the tests") and by .ci/run, so both always agree.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: Debian's Chromium drives the browser tests (Playwright cannot download
# browsers here), Java runs the Nu HTML Checker, Node/npm fetch it and axe-core, poppler-utils'
# pdftotext reads the printed pages back (tests/browser/test_print.py).
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium fonts-liberation"
command -v java >/dev/null 2>&1 || missing="$missing openjdk-17-jre-headless"
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
if [ -n "$missing" ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

# The Nu HTML Checker and axe-core, pinned, from the npm registry into .cache/node.
if [ ! -f .cache/node/node_modules/vnu-jar/build/dist/vnu.jar ] \
   || [ ! -f .cache/node/node_modules/axe-core/axe.min.js ]; then
  mkdir -p .cache/node
  [ -f .cache/node/package.json ] || echo '{"private": true}' > .cache/node/package.json
  npm install --silent --no-fund --no-audit --prefix .cache/node vnu-jar@26.9.27 axe-core@4.14.1
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'

.venv/bin/python -m ruff check src tests benchmarks
.venv/bin/python -m ruff format --check src tests benchmarks
.venv/bin/python -m pytest -n 2 "$@"
