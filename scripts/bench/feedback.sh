#!/usr/bin/env bash
# feedback.sh benchmarks the feedback channels (issue 4) on PostgreSQL with durable
# settings (fsync on): posting throughput over HTTP against a running bin/confer with
# CONFER_RATE_LIMIT=0, then the time to list the top posts of a channel holding 100,000
# posts, with EXPLAIN. Figures go to docs/PERFORMANCE.md. The same loads run first against
# the shared reference floor barefiber (../shared/bench, found beside the checkout or its
# worktree parent, or at $CONFER_SHARED_BENCH) and the figures are quoted as ratios to it.
#
#   scripts/bench/feedback.sh            (make bench runs it)
#   FEEDBACK_BENCH_ARGS="-c 64 -d 30s" scripts/bench/feedback.sh
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

export PG_STATE
PG_STATE=$(mktemp -u "${TMPDIR:-/tmp}/confer-bench-feedback-pg.XXXXXX")
export PG_OPTS="-c max_connections=300 -c shared_buffers=256MB"
DATA=$(mktemp -d "${TMPDIR:-/tmp}/confer-bench-feedback.XXXXXX")
SERVER_PID=""
FLOOR_PID=""
cleanup() {
	for pid in $SERVER_PID $FLOOR_PID; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
	scripts/pg.sh stop
	rm -rf "$DATA"
}
trap cleanup EXIT

scripts/pg.sh start
DB=$(scripts/pg.sh createdb confer_feedback_bench)
say "building bin/confer"
go build -o bin/confer .
go build -o "$DATA/feedbackbench" ./scripts/feedbackbench

FLOOR_ARGS=()
SHARED_BENCH=${CONFER_SHARED_BENCH:-}
for d in "$ROOT/../shared/bench" "$ROOT/../../shared/bench"; do
	if [ -z "$SHARED_BENCH" ] && [ -d "$d/barefiber" ]; then SHARED_BENCH=$(cd "$d" && pwd); fi
done
if [ -n "$SHARED_BENCH" ] && (cd "$SHARED_BENCH/barefiber" && go build -o "$DATA/barefiber" .); then
	FLOOR_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	"$DATA/barefiber" -addr "127.0.0.1:$FLOOR_PORT" >"$DATA/barefiber.log" 2>&1 &
	FLOOR_PID=$!
	for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$FLOOR_PORT/api/v1/slots" >/dev/null 2>&1 && break; sleep 0.1; done
	FLOOR_ARGS=(-floor "http://127.0.0.1:$FLOOR_PORT")
	say "reference floor: $SHARED_BENCH/barefiber on port $FLOOR_PORT"
else
	say "no reference floor found (../shared/bench/barefiber): absolute figures only"
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export DATABASE_URL=$DB CONFER_ADDR=127.0.0.1:$PORT CONFER_BASE_URL=http://127.0.0.1:$PORT \
	CONFER_RATE_LIMIT=0 CONFER_DATA_DIR=$DATA CONFER_LOG_LEVEL=warn
bin/confer serve >"$DATA/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
	curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
	sleep 0.1
done
TOKEN=$(bin/confer token create --email bench-admin@example.org --role admin | tail -n 1)
say "feedback benchmark against http://127.0.0.1:$PORT (PostgreSQL $PG_OPTS, $(nproc) cores)"
# shellcheck disable=SC2086
"$DATA/feedbackbench" -url "http://127.0.0.1:$PORT" -token "$TOKEN" -db "$DB" "${FLOOR_ARGS[@]}" ${FEEDBACK_BENCH_ARGS:-}
