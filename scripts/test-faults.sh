#!/usr/bin/env bash
# `npm run test:faults`: the fault suite of docs/RELIABILITY.md against the built services.
# FAULTS_LOAD_MS sets the sustained-load duration (default 300000, five minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
export PATH="$PWD/node_modules/.bin:$PATH" NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
bash scripts/ensure-services.sh
npm run -s db:generate >/dev/null
nx run-many -t build --projects=gateway,inventory,executor,console-relay,discovery --output-style=static
cd apps/gateway
exec node --experimental-vm-modules ../../node_modules/jest/bin/jest.js -c jest.faults.config.js --runInBand "$@"
