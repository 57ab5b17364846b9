#!/usr/bin/env bash
# cluster.sh: Confer as a cluster behind HAProxy (scripts/cluster.sh), on a throwaway
# PostgreSQL with durable settings (fsync and synchronous_commit on).
#
# 1. The live poll at CLUSTER_BENCH_PARTICIPANTS (default 15000) through the balancer,
#    on 3 instances and then on 1, in this one run, with the ratios (3 / 1). Both runs go
#    through two HAProxy processes (CLUSTER_BALANCERS=2), since one process holds at most
#    half the open-file limit in sockets (20,000 here: 10,000 sockets).
# 2. Two kill tests (killtest_*_test.go) at the issue's sizes: a live poll of 2,000 and a
#    campaign of 20,000, one of three instances SIGKILLed mid-run each time
#    (CLUSTER_BENCH_KILLTESTS=0 skips them). Bookings through the balancer, and their
#    kill test at 1,000 a second, are scripts/bench/cluster_bookings.sh.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

N=${CLUSTER_BENCH_PARTICIPANTS:-15000}
SPREAD=${CLUSTER_BENCH_SPREAD:-10s}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
say "open-file limit $(ulimit -n); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/confer-clusterbench.XXXXXX")
export PG_STATE=$WORK/pg.state
export PG_OPTS="-c max_connections=300 -c shared_buffers=256MB"
cleanup() {
	CLUSTER_DIR=$WORK/cluster scripts/cluster.sh down >/dev/null 2>&1 || true
	scripts/pg.sh stop >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT

say "building confer and pollbench"
go build -o "$WORK/confer" .
go build -o "$WORK/pollbench" ./scripts/pollbench
say "starting PostgreSQL with durable settings: $PG_OPTS"
scripts/pg.sh start >/dev/null

export CONFER_BIN=$WORK/confer CLUSTER_DIR=$WORK/cluster CLUSTER_BALANCERS=2
export CONFER_RATE_LIMIT=0 CONFER_WS_PER_CLIENT=0 CONFER_POLL_JOIN_LIMIT=0 CONFER_LOG_LEVEL=warn
for k in 3 1; do
	DATABASE_URL=$(scripts/pg.sh createdb "clusterbench_$k")
	export DATABASE_URL
	urls=$(scripts/cluster.sh up "$k")
	token=$("$WORK/confer" token create --email bench@confer.example --role admin | tail -n 1)
	say "live poll: $N participants through $urls on $k instance(s)"
	"$WORK/pollbench" -base "$urls" -token "$token" -n "$N" -spread "$SPREAD" \
		-label "$k instance(s)" -out "$WORK/poll-$k.json" || true
	# Pools keep their connections 5 minutes after use: this is the peak the run needed.
	say "PostgreSQL connections held by the $k instance(s) after the run: $(scripts/pg.sh psql -tAc \
		"select count(*) from pg_stat_activity where datname = 'clusterbench_$k'")"
	scripts/cluster.sh down >/dev/null
done
unset DATABASE_URL CLUSTER_BALANCERS
say "3 instances against 1, the same $N participants through the same two balancers"
"$WORK/pollbench" -compare -target "lower is better" "$WORK/poll-3.json" "$WORK/poll-1.json" || true

if [ "${CLUSTER_BENCH_KILLTESTS:-1}" != 0 ]; then
	say "the kill tests at full size (one of three instances SIGKILLed mid-run)"
	CONFER_TEST_POSTGRES=$(scripts/pg.sh url) CONFER_TEST_BIN=$WORK/confer \
		CONFER_KILLTEST_PARTICIPANTS=2000 CONFER_KILLTEST_RECIPIENTS=20000 \
		go test -count=1 -timeout 20m -run 'TestPollThroughBalancerSurvivesKill|TestCampaignThroughBalancerSurvivesKill' -v . |
		grep -E '^(--- |\s+\S+_test.go:|PASS|FAIL|ok)'
fi
