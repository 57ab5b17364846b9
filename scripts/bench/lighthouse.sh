#!/usr/bin/env bash
# lighthouse.sh: Lighthouse over the public pages of a freshly built demo server. It
# builds the SPA and the binary (LIGHTHOUSE_BIN=path skips both and uses that binary),
# starts `confer serve` with CONFER_DEMO=1 on a temporary data directory and a free
# port, installs npm `lighthouse` into a cache directory outside the repository (never
# package.json), and runs it in Debian's Chromium with mobile emulation over each page
# (scripts/bench/lighthouse.mjs). It prints performance, accessibility, best practices,
# SEO and CLS per page and fails if any page is below: performance 95, accessibility
# 100, best practices 100, SEO 95, CLS 0.05.
#
#   LIGHTHOUSE_PAGES       pages (default "/ /book /join /feedback /programme")
#   LIGHTHOUSE_RUNS        runs per page, the median kept (default 1)
#   LIGHTHOUSE_CPU_SLOWDOWN  a number (default 4, the stock mobile setting) or "auto" (calibrated to this machine)
#   LIGHTHOUSE_VERSION     npm version (default 12: Lighthouse 13 needs Node 22.19)
#   LIGHTHOUSE_DIR         where Lighthouse is installed (default $TMPDIR/confer-lighthouse)
#   LIGHTHOUSE_OUT         keep the JSON reports there (default: a temporary directory)
#   CHROME_PATH            Chromium (default /usr/bin/chromium)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

PAGES=${LIGHTHOUSE_PAGES:-/ /book /join /feedback /programme}
VERSION=${LIGHTHOUSE_VERSION:-12}
LH_DIR=${LIGHTHOUSE_DIR:-${TMPDIR:-/tmp}/confer-lighthouse}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

have node || { echo "lighthouse.sh: needs Node.js"; exit 1; }
[ -x "$CHROME_PATH" ] || { echo "lighthouse.sh: no Chromium at $CHROME_PATH (apt-get install chromium, or set CHROME_PATH)"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/confer-lighthouse-run.XXXXXX")
DEMO_PID=
cleanup() {
	if [ -n "$DEMO_PID" ]; then kill "$DEMO_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT

BIN=${LIGHTHOUSE_BIN:-}
if [ -z "$BIN" ]; then
	say "building the SPA and confer"
	build_spa >/dev/null
	go build -o "$WORK/confer" .
	BIN=$WORK/confer
fi

if [ ! -x "$LH_DIR/node_modules/.bin/lighthouse" ] || ! grep -q "\"version\": \"$VERSION" "$LH_DIR/node_modules/lighthouse/package.json"; then
	say "installing lighthouse@$VERSION into $LH_DIR (outside the repository)"
	mkdir -p "$LH_DIR"
	[ -f "$LH_DIR/package.json" ] || echo '{"private": true}' >"$LH_DIR/package.json"
	npm install --prefix "$LH_DIR" --no-save --no-audit --no-fund --loglevel=error "lighthouse@$VERSION" >/dev/null
fi
say "lighthouse $(node -p "require('$LH_DIR/node_modules/lighthouse/package.json').version"), $($CHROME_PATH --version 2>/dev/null | head -n 1), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

start_demo "$BIN" "$WORK/data"
say "demo server at $DEMO_URL; pages: $PAGES"
OUT=${LIGHTHOUSE_OUT:-$WORK/reports}
mkdir -p "$OUT"
# shellcheck disable=SC2086 # PAGES is a list
node scripts/bench/lighthouse.mjs "$DEMO_URL" "$LH_DIR" "$OUT" $PAGES
