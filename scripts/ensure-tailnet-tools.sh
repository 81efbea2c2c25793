#!/usr/bin/env bash
# Builds the real Tailscale software the tests and `npm run up` use: tailscaled and tailscale
# (tailscale.com from the Go module proxy) and headscale (the control server; from the Go proxy when
# it serves it, otherwise from the source in vendor/). The binaries are cached outside the
# repository, in $NEXUS_TOOLS_DIR (default ~/.cache/pve-nexus/tools), one folder per version, so
# this is slow once per machine and instant afterwards. Prints the folder holding the binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
TAILSCALE_VERSION=v1.102.5
HEADSCALE_VERSION=v0.29.2
TOOLS=${NEXUS_TOOLS_DIR:-$HOME/.cache/pve-nexus/tools}
BIN="$TOOLS/tailnet-tailscale-$TAILSCALE_VERSION-headscale-$HEADSCALE_VERSION"
if [ -x "$BIN/tailscaled" ] && [ -x "$BIN/tailscale" ] && [ -x "$BIN/headscale" ]; then
  echo "$BIN"; exit 0
fi
echo "ensure-tailnet-tools: first run on this machine: building Tailscale's tailscaled and headscale from source into $TOOLS (about 10-25 min on 2 cores, once)" >&2
command -v go >/dev/null || { echo "ensure-tailnet-tools: Go is needed to build tailscaled and headscale (apt-get install golang-go, Go >= 1.26)" >&2; exit 1; }
mkdir -p "$BIN.partial"
export GOFLAGS=-buildvcs=false GOTOOLCHAIN=local CGO_ENABLED=0
log() { echo "ensure-tailnet-tools: $*" >&2; }
started=$(date +%s)
if [ ! -x "$BIN.partial/tailscaled" ] || [ ! -x "$BIN.partial/tailscale" ]; then
  log "building tailscaled and tailscale $TAILSCALE_VERSION from the Go module proxy (once per machine; 4-15 min on 2 cores, most of it compiling)"
  # ts_omit_captiveportal: no captive-portal probes to tailscale.com (see docs/TAILNET.md).
  GOBIN="$BIN.partial" nice -n 10 go install -tags ts_omit_captiveportal \
    "tailscale.com/cmd/tailscaled@$TAILSCALE_VERSION" "tailscale.com/cmd/tailscale@$TAILSCALE_VERSION" >&2
fi
if [ ! -x "$BIN.partial/headscale" ]; then
  if GOBIN="$BIN.partial" nice -n 10 go install "github.com/juanfont/headscale/cmd/headscale@$HEADSCALE_VERSION" 2>/dev/null; then
    log "headscale $HEADSCALE_VERSION installed from the Go module proxy"
  else
    log "the Go module proxy refuses headscale; building $HEADSCALE_VERSION from vendor/ (once per machine; 4-10 min on 2 cores)"
    src=$(mktemp -d)
    trap 'rm -rf "$src"' EXIT
    tar -xzf "vendor/headscale-$HEADSCALE_VERSION-src.tgz" -C "$src"
    (cd "$src/headscale-$HEADSCALE_VERSION" && nice -n 10 go build -trimpath -o "$BIN.partial/headscale" ./cmd/headscale) >&2
  fi
fi
rm -rf "$BIN" && mv "$BIN.partial" "$BIN"
log "built in $(( $(date +%s) - started )) s into $BIN"
echo "$BIN"
