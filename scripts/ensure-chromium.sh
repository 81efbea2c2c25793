#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through playwright-core (Playwright's own browser
# downloads cannot work offline). Installs it when missing.
set -euo pipefail
CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$CHROMIUM_PATH" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "ensure-chromium: $CHROMIUM_PATH missing. Run: sudo apt-get update && sudo apt-get install -y chromium" >&2
  exit 1
fi
