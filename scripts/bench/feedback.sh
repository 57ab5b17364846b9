#!/usr/bin/env bash
# feedback.sh benchmarks the feedback channels (issue 4) on PostgreSQL with durable
# settings (fsync on): posting throughput over HTTP against a running bin/confer with
# CONFER_RATE_LIMIT=0, then the time to list the top posts of a channel holding 100,000
# posts, with EXPLAIN. Figures go to docs/PERFORMANCE.md.
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
cleanup() {
	if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
	scripts/pg.sh stop
	rm -rf "$DATA"
}
trap cleanup EXIT

scripts/pg.sh start
DB=$(scripts/pg.sh createdb confer_feedback_bench)
say "building bin/confer"
go build -o bin/confer .
go build -o "$DATA/feedbackbench" ./scripts/feedbackbench

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
"$DATA/feedbackbench" -url "http://127.0.0.1:$PORT" -token "$TOKEN" -db "$DB" ${FEEDBACK_BENCH_ARGS:-}
