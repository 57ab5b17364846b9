#!/usr/bin/env bash
# coverage.sh: the coverage query benchmark. It starts a throwaway PostgreSQL with durable
# settings (fsync and synchronous_commit on), seeds 10 organisations × 12 staff groups,
# 100,000 contacts and 50,000 bookings (plus campaign recipients, feedback and workshop
# votes) with scripts/coveragebench, and times the coverage query. Target: under 200 ms.
# It needs the bookings, feedback, polls and campaigns tables (their areas merged).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/confer-coveragebench.XXXXXX")
export PG_STATE=$WORK/pg.state
export PG_OPTS="-c max_connections=300 -c shared_buffers=256MB"
cleanup() {
	scripts/pg.sh stop >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT

say "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
go build -o "$WORK/coveragebench" ./scripts/coveragebench
say "starting PostgreSQL with durable settings: $PG_OPTS"
scripts/pg.sh start >/dev/null
"$WORK/coveragebench" -db "$(scripts/pg.sh createdb coveragebench)" -runs "${COVERAGE_BENCH_RUNS:-50}"
