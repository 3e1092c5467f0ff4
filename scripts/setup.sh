#!/usr/bin/env bash
# One-time set-up for development and tests: the Debian packages the integration tests use
# (a real scikit-learn model server behind gunicorn for the container-proxy test, Chromium for
# the report.html test, git for the baseline store, wrk for `npm run bench:emulator`), then the locked
# npm dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v apt-get >/dev/null 2>&1; then
  need=()
  for pkg in python3-sklearn python3-flask gunicorn chromium git wrk; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  if [ "${#need[@]}" -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "Installing Debian packages: ${need[*]}"
    $SUDO apt-get update -q || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
  fi
else
  echo "apt-get not found: install python3 with scikit-learn and flask, gunicorn, chromium and wrk yourself." >&2
fi
npm ci --no-audit --no-fund
