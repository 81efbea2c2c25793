#!/usr/bin/env bash
# `npm test`: every project's unit, integration and end-to-end tests against the real local
# PostgreSQL, Redis and NATS (and Chromium for the web), after type-checking, lint and the build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
export PATH="$PWD/node_modules/.bin:$PATH" NX_DAEMON=false NX_NO_CLOUD=true NEXT_TELEMETRY_DISABLED=1 NX_TUI=false
bash scripts/ensure-services.sh
bash scripts/ensure-chromium.sh
# The tailnet tests run real headscale and tailscaled: built once per machine (cached outside the repository).
bash scripts/ensure-tailnet-tools.sh >/dev/null

rm -rf .reports && mkdir -p .reports
step() { printf '\n== %s\n' "$*"; }
step "prisma generate"; npm run -s db:generate >/dev/null
step "typecheck"; npm run -s typecheck
step "lint"; npm run -s lint
step "build"; nx run-many -t build --output-style=static
step "dependency graph"; npm run -s graph:check
step "tests"
status=0
nx run-many -t test --parallel=1 --output-style=stream || status=$?
node tools/jest/print-summary.mjs .reports
exit $status
