#!/usr/bin/env bash
# bookings.sh benchmarks engagement-session booking (issue 3) against a real `confer serve`
# on a throwaway PostgreSQL with durable settings (fsync and synchronous_commit on):
#
#   1 scripts/bookingbench: CLIENTS concurrent clients booking SLOTS slots over HTTP, twice:
#     closed loop (every client books as fast as it can: the most the machine does) and
#     open loop at RATE bookings/s offered (latency measured from each booking's scheduled
#     time). Each prints bookings/s, p50/p99 latency and the overbooking count (must be 0).
#   2 wrk on the public listing GET /api/v1/slots (50 slots), then on
#     ../shared/bench/barefiber (the same JSON from bare Fiber, no database), and the ratio.
#
# Environment: CLIENTS (1000), SLOTS (50), CAPACITY (80), EACH (bookings per client, 5), RATE (2000),
# WRK_SECS (10), BAREFIBER (path to the barefiber source, default /work/shared/bench/barefiber).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

CLIENTS=${CLIENTS:-1000} SLOTS=${SLOTS:-50} CAPACITY=${CAPACITY:-80} EACH=${EACH:-5} RATE=${RATE:-2000} WRK_SECS=${WRK_SECS:-10}
BAREFIBER=${BAREFIBER:-$ROOT/../../shared/bench/barefiber}
[ -d "$BAREFIBER" ] || BAREFIBER=/work/shared/bench/barefiber
export PG_STATE=${TMPDIR:-/tmp}/confer-bench-bookings.$$.state
export PG_OPTS="-c max_connections=300 -c shared_buffers=256MB"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/confer-bench-bookings.XXXXXX")
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	scripts/pg.sh stop >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() {
	for _ in $(seq 1 100); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
	echo "not ready: $1" >&2; return 1
}

say "building bin/confer, bookingbench and barefiber"
go build -o bin/confer .
go build -o "$TMP/bookingbench" ./scripts/bookingbench
(cd "$BAREFIBER" && go build -o "$TMP/barefiber" .)

scripts/pg.sh start
DB=$(scripts/pg.sh createdb confer_bench)
PORT=$(free_port)
export DATABASE_URL=$DB CONFER_RATE_LIMIT=0 CONFER_BOOKING_RATE_LIMIT=0 CONFER_BOOKING_DOMAIN_RATE_LIMIT=0 CONFER_ADDR=127.0.0.1:$PORT CONFER_BASE_URL=http://127.0.0.1:$PORT \
	CONFER_DATA_DIR=$TMP CONFER_LOG_LEVEL=warn
bin/confer serve 2>"$TMP/confer.log" &
PIDS+=($!)
wait_ready "http://127.0.0.1:$PORT/readyz"
TOKEN=$(bin/confer token create --email bench@bench.nhs.example --role facilitator | tail -n 1)

say "PostgreSQL durable (fsync on, synchronous_commit on), $PG_OPTS; $(nproc) cores shared by server, database and load"
say "load: $(uptime)"
book() {
	say "bookingbench: $CLIENTS clients x $EACH bookings over $SLOTS slots of $CAPACITY seats, rate ${1/#0/unlimited}"
	"$TMP/bookingbench" -url "http://127.0.0.1:$PORT" -token "$TOKEN" -clients "$CLIENTS" -slots "$SLOTS" \
		-capacity "$CAPACITY" -each "$EACH" -rate "$1"
}
book 0

# The listing now holds the first run's 50 slots, as barefiber's does.
say "wrk -t2 -c64 -d${WRK_SECS}s GET /api/v1/slots (confer: $(curl -s "http://127.0.0.1:$PORT/api/v1/slots" | wc -c) bytes)"
wrk -t2 -c64 -d"${WRK_SECS}s" "http://127.0.0.1:$PORT/api/v1/slots" >"$TMP/wrk-confer.txt"
cat "$TMP/wrk-confer.txt"
confer_rps=$(awk '/Requests\/sec/ {print $2}' "$TMP/wrk-confer.txt")
BPORT=$(free_port)
"$TMP/barefiber" -addr "127.0.0.1:$BPORT" &
PIDS+=($!)
wait_ready "http://127.0.0.1:$BPORT/api/v1/slots"
say "wrk -t2 -c64 -d${WRK_SECS}s barefiber ($(curl -s "http://127.0.0.1:$BPORT/api/v1/slots" | wc -c) bytes)"
wrk -t2 -c64 -d"${WRK_SECS}s" "http://127.0.0.1:$BPORT/api/v1/slots" >"$TMP/wrk-bare.txt"
cat "$TMP/wrk-bare.txt"
bare_rps=$(awk '/Requests\/sec/ {print $2}' "$TMP/wrk-bare.txt")
say "slot listing: confer $confer_rps req/s, barefiber $bare_rps req/s, ratio $(python3 -c "print(f'{$confer_rps/$bare_rps:.2f}')")"

book "$RATE"
say "load: $(uptime)"
