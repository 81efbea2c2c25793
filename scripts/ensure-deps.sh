#!/usr/bin/env bash
# Installs the locked dependencies when node_modules is missing or older than the lock file.
# Install scripts follow package.json "allowScripts" (strict-allow-scripts in .npmrc).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ensure-deps: npm ci"
  npm ci --no-audit --no-fund
fi
