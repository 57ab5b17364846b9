#!/usr/bin/env bash
# join.sh times how long a wrong join code takes to be answered on a phone, the wall-clock
# half of frontend/e2e/participants.test.mjs "joining with a wrong code" (the test checks
# the answer comes from one lookup, with no socket and no "Reconnecting"; a busy machine
# can make any page slow, so the time is measured here). It builds the SPA and the binary
# (JOIN_BIN=path skips both), starts `confer serve` with CONFER_DEMO=1 on a temporary data
# directory and a free port, and runs scripts/bench/join.mjs in Debian's Chromium: the
# median of JOIN_RUNS runs (default 5) of each must be under 3 seconds, as the test used to
# assert, on /join (type the code, press Join) and on /join/CODE (open the address).
#
#   JOIN_RUNS   runs per page, the median kept (default 5)
#   CHROMIUM    browser (default /usr/bin/chromium)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

have node || { echo "join.sh: needs Node.js"; exit 1; }
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { echo "join.sh: no Chromium at $CHROMIUM (apt-get install chromium, or set CHROMIUM)"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/confer-join-bench.XXXXXX")
DEMO_PID=
cleanup() {
	if [ -n "$DEMO_PID" ]; then kill "$DEMO_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT

BIN=${JOIN_BIN:-}
if [ -z "$BIN" ]; then
	say "building the SPA and confer"
	build_spa >/dev/null
	go build -o "$WORK/confer" .
	BIN=$WORK/confer
fi
say "$($CHROMIUM --version 2>/dev/null | head -n 1), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
start_demo "$BIN" "$WORK/data"
node scripts/bench/join.mjs "$DEMO_URL"
