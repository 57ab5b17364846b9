#!/usr/bin/env bash
# readiness.sh: the readiness board benchmark (issue 17). It starts a throwaway PostgreSQL
# with durable settings (as coverage.sh does), seeds 10 organisations × 13 staff groups,
# 100,000 contacts, 50,000 bookings with attendance, a milestone per organisation with a
# target per group, anchored training and three pulses each with 50,000 answers
# (scripts/readinessbench), starts Confer over it, and times GET
# /api/v1/readiness?milestone= over real HTTP, every milestone in turn, beside the
# reference floor (barefiber) in the same run. Target: p95 under 200 ms.
# READINESS_BENCH_DB=<postgres URL of an empty database> uses that database instead of
# starting PostgreSQL.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

BAREFIBER=${BAREFIBER:-$ROOT/../../shared/bench/barefiber}
[ -d "$BAREFIBER" ] || BAREFIBER=/work/shared/bench/barefiber
WORK=$(mktemp -d "${TMPDIR:-/tmp}/confer-readinessbench.XXXXXX")
export PG_STATE=$WORK/pg.state
export PG_OPTS="-c max_connections=300 -c shared_buffers=256MB"
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	[ -n "${READINESS_BENCH_DB:-}" ] || scripts/pg.sh stop >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() {
	for _ in $(seq 1 100); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
	echo "not ready: $1" >&2; return 1
}

say "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "building bin/confer, readinessbench and barefiber"
go build -o bin/confer .
go build -o "$WORK/readinessbench" ./scripts/readinessbench
FLOOR=""
if [ -d "$BAREFIBER" ]; then
	(cd "$BAREFIBER" && go build -o "$WORK/barefiber" .)
	FPORT=$(free_port)
	"$WORK/barefiber" -addr "127.0.0.1:$FPORT" >/dev/null 2>&1 &
	PIDS+=($!)
	FLOOR=http://127.0.0.1:$FPORT/api/v1/slots
	wait_ready "$FLOOR"
fi

if [ -n "${READINESS_BENCH_DB:-}" ]; then
	DB=$READINESS_BENCH_DB
	say "using $DB"
else
	say "starting PostgreSQL with durable settings: $PG_OPTS"
	scripts/pg.sh start >/dev/null
	DB=$(scripts/pg.sh createdb readinessbench)
fi
# Confer migrates the empty database, then the seeder fills it.
PORT=$(free_port)
export DATABASE_URL=$DB CONFER_RATE_LIMIT=0 CONFER_ADDR=127.0.0.1:$PORT CONFER_BASE_URL=http://127.0.0.1:$PORT \
	CONFER_DATA_DIR=$WORK CONFER_LOG_LEVEL=warn
bin/confer migrate >/dev/null
"$WORK/readinessbench" -seed -db "$DB"
bin/confer serve 2>"$WORK/confer.log" &
PIDS+=($!)
wait_ready "http://127.0.0.1:$PORT/readyz"
TOKEN=$(bin/confer token create --email readiness@bench.nhs.example --role facilitator | tail -n 1)
"$WORK/readinessbench" -url "http://127.0.0.1:$PORT" -token "$TOKEN" -floor "$FLOOR" -runs "${READINESS_BENCH_RUNS:-50}"
