#!/usr/bin/env bash
# System programs the test suite needs beyond Python packages, installed from
# Debian's packages only when missing (so a second run does nothing):
#   postgresql - server programs for the journal's PostgreSQL tests, which start
#                their own throwaway cluster (tests/conftest.py);
#   chromium   - the browser the journey tests drive with Playwright
#                (tests/test_browser_journeys.py); Playwright's own browser
#                download is never used.
# Without apt-get (or without root/sudo) it only warns: the tests that need a
# missing program then fail with an install hint, never skip.
set -uo pipefail

missing=()
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; else
    echo "warning: ${missing[*]} missing and no root to install them; run: sudo apt-get install ${missing[*]}" >&2
    exit 0
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "warning: ${missing[*]} missing and apt-get not found; install them with your package manager" >&2
  exit 0
fi
echo "installing ${missing[*]} from Debian's packages for the tests..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
  || echo "warning: could not install ${missing[*]}; the tests that need them will say how" >&2
exit 0
