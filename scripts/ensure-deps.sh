#!/usr/bin/env bash
# Installs the locked dependencies when node_modules is missing or older than the lock file.
# Install scripts follow package.json "allowScripts" (strict-allow-scripts in .npmrc).
#
# `npm install`, not `npm ci`: npm 11 records only this platform's optional native binaries (swc,
# next, nx) in package-lock.json, and its own `npm ci` then refuses that lock file as out of sync
# (npm/cli#8805). With a lock file present, `npm install` installs exactly the locked versions.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ensure-deps: npm install (from package-lock.json)"
  npm install --no-audit --no-fund --prefer-offline
fi
