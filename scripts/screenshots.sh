#!/usr/bin/env bash
# screenshots.sh renders every page of Confer at 390x844 (phone), 1366x768 (ward PC)
# and 1920x1080 (projector) into a folder for review (default ./screenshots/, which git
# ignores). It uses bin/confer if it is there (or SCREENSHOTS_BIN; BUILD=1 builds the
# SPA and the binary first), starts it in demo mode on a temporary data directory and a
# free port, signs in as the demo admin with a link from `confer signin-link`, and
# drives Chromium with scripts/screenshots.mjs (playwright-core from frontend/).
#
#   scripts/screenshots.sh [OUT_DIR]
#   SHOTS_ONLY=book,coverage scripts/screenshots.sh   # only pages whose name has these words
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

OUT=${1:-$ROOT/screenshots}
BIN=${SCREENSHOTS_BIN:-$ROOT/bin/confer}
if [ "${BUILD:-}" = 1 ] || [ ! -x "$BIN" ]; then
	say "building the SPA and bin/confer"
	build_spa >/dev/null
	go build -o "$ROOT/bin/confer" .
	BIN=$ROOT/bin/confer
fi
[ -d frontend/node_modules/playwright-core ] || npm_ci_if_needed

WORK=$(mktemp -d "${TMPDIR:-/tmp}/confer-screenshots.XXXXXX")
DEMO_PID=
cleanup() {
	if [ -n "$DEMO_PID" ]; then kill "$DEMO_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT

start_demo "$BIN" "$WORK/data"
link=$(env -i "${DEMO_ENV[@]}" "$BIN" signin-link --email admin@confer.example | grep -o 'http[^[:space:]]*/signin/verify[^[:space:]]*' | head -n 1)
[ -n "$link" ] || { echo "screenshots.sh: no sign-in link for the demo admin"; exit 1; }
say "demo server at $DEMO_URL; screenshots into $OUT"
node scripts/screenshots.mjs "$DEMO_URL" "$link" "$OUT"
