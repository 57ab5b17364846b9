#!/usr/bin/env bash
# campaigns.sh: one campaign to 100,000 contacts through a fake SendGrid that answers in
# about 100 ms, against `confer serve` on a throwaway PostgreSQL with durable settings
# (fsync on). Prints the time from send to all handed over, messages/s, HTTP requests,
# duplicates (must be 0) and the server's peak RSS. See docs/PERFORMANCE.md.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

export PG_STATE=${TMPDIR:-/tmp}/confer-bench-campaigns.$$.state
export PG_OPTS=${BENCH_PG_OPTS:-"-c max_connections=300 -c shared_buffers=256MB"}
trap 'scripts/pg.sh stop >/dev/null 2>&1 || true' EXIT
scripts/pg.sh start >/dev/null
url=$(scripts/pg.sh createdb confer_bench_campaigns)

say "building bin/confer and bin/campaignbench"
go build -o bin/confer .
go build -o bin/campaignbench ./scripts/campaignbench

say "campaign benchmark (PG_OPTS=$PG_OPTS)"
bin/campaignbench run -bin bin/confer -db "$url" "$@"
