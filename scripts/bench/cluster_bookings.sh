#!/usr/bin/env bash
# cluster_bookings.sh benchmarks public bookings through the load balancer (issue 15):
# `scripts/cluster.sh up 3` (three `confer serve` behind HAProxy) on a throwaway
# PostgreSQL with durable settings, against the same load on `scripts/cluster.sh up 1`
# (one instance behind the same balancer), in one run:
#
#   1 scripts/bookingbench, open loop at RATE bookings/s offered for SECS seconds (latency
#     counted from each booking's scheduled time), more people than seats (SLOTS slots of
#     CAPACITY, every booking joins the waiting list when its slot is full): bookings/s
#     achieved, 2xx latency p50/p99, overbooking (must be 0);
#   2 the same, closed loop (CLIENTS clients booking as fast as they are answered): the
#     most bookings/s the machine manages through the balancer;
#   3 the ratios, 3 instances over 1;
#   4 TestBookingsThroughBalancerSurviveKill at KILL_BOOKINGS bookings and RATE/s, one
#     instance SIGKILLed mid-run (0 overbooked, every 2xx stored once); KILL_BOOKINGS=0
#     skips it.
#
# Environment: RATE (1000), SECS (3), CLIENTS (200), EACH (closed loop, bookings per
# client, 5), SLOTS (50), CAPACITY (seats per slot, default: four fifths of the open
# loop's demand spread over the slots), KILL_BOOKINGS (1000). About a minute on a quiet
# machine; a busy one stretches the runs that cannot keep up (the open loop still sends
# RATE a second, so it ends when the last answer comes).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

RATE=${RATE:-1000} SECS=${SECS:-3} CLIENTS=${CLIENTS:-200} EACH=${EACH:-5} SLOTS=${SLOTS:-50}
KILL_BOOKINGS=${KILL_BOOKINGS:-1000}
DEMAND=$((RATE * SECS))
CAPACITY=${CAPACITY:-$((DEMAND * 4 / 5 / SLOTS + 1))}
OPEN_EACH=$(((DEMAND + CLIENTS - 1) / CLIENTS))
TMP=$(mktemp -d "${TMPDIR:-/tmp}/confer-bench-cluster.XXXXXX")
export PG_STATE=$TMP/pg.state
export PG_OPTS="-c max_connections=300 -c shared_buffers=256MB"
CLUSTERS=()
cleanup() {
	for d in "${CLUSTERS[@]}"; do CLUSTER_DIR=$d scripts/cluster.sh down >/dev/null 2>&1 || true; done
	scripts/pg.sh stop >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap cleanup EXIT

have haproxy || [ -x /usr/sbin/haproxy ] || { say "HAProxy not installed (apt-get install haproxy): skipping"; exit 0; }

say "building bin/confer and bookingbench"
go build -o bin/confer .
go build -o "$TMP/bookingbench" ./scripts/bookingbench

scripts/pg.sh start
say "PostgreSQL durable (fsync on, synchronous_commit on), $PG_OPTS; $(nproc) cores shared by instances, HAProxy, database and load"
say "load: $(uptime)"
export CONFER_BIN=$ROOT/bin/confer CONFER_LOG_LEVEL=warn CLUSTER_DRAIN=1s \
	CONFER_RATE_LIMIT=0 CONFER_BOOKING_RATE_LIMIT=0 CONFER_BOOKING_DOMAIN_RATE_LIMIT=0

# field LABEL FILE prints the first number after LABEL in bookingbench's output.
field() { grep -o "$1 *[0-9.]*" "$2" | head -n 1 | awk '{print $NF}'; }

# run N starts a cluster of N instances on a fresh database and loads it through the
# balancer, open loop then closed loop; outputs go to $TMP/open-N.txt and $TMP/closed-N.txt.
run() {
	local n=$1 db url token
	local dir=$TMP/cluster$n
	CLUSTERS+=("$dir")
	db=$(scripts/pg.sh createdb "confer_cluster_$n")
	url=$(CLUSTER_DIR=$dir CLUSTER_PORT=$((18000 + RANDOM % 10000)) DATABASE_URL=$db scripts/cluster.sh up "$n" | tail -n 1)
	token=$(DATABASE_URL=$db bin/confer token create --email bench@bench.nhs.example --role facilitator | tail -n 1)
	say "$n instance(s) behind HAProxy at $url: open loop, $RATE bookings/s offered for ${SECS}s ($CLIENTS clients x $OPEN_EACH), $SLOTS slots x $CAPACITY seats"
	"$TMP/bookingbench" -url "$url" -token "$token" -clients "$CLIENTS" -each "$OPEN_EACH" -slots "$SLOTS" \
		-capacity "$CAPACITY" -rate "$RATE" | tee "$TMP/open-$n.txt"
	say "$n instance(s): closed loop, $CLIENTS clients x $EACH bookings as fast as they are answered"
	"$TMP/bookingbench" -url "$url" -token "$token" -clients "$CLIENTS" -each "$EACH" -slots "$SLOTS" \
		-capacity "$CAPACITY" | tee "$TMP/closed-$n.txt"
	CLUSTER_DIR=$dir scripts/cluster.sh down >/dev/null
}

run 3
run 1

ratio() { python3 -c "a, b = float('$1' or 0), float('$2' or 0); print(f'{a / b:.2f}' if b else 'n/a')"; }
for mode in open closed; do
	b3=$(field "bookings/s:" "$TMP/$mode-3.txt") b1=$(field "bookings/s:" "$TMP/$mode-1.txt")
	p50_3=$(field "p50:" "$TMP/$mode-3.txt") p50_1=$(field "p50:" "$TMP/$mode-1.txt")
	p99_3=$(field "p99:" "$TMP/$mode-3.txt") p99_1=$(field "p99:" "$TMP/$mode-1.txt")
	say "$mode loop through the balancer: 3 instances $b3 bookings/s (2xx p50 $p50_3 ms, p99 $p99_3 ms); 1 instance $b1 bookings/s (p50 $p50_1 ms, p99 $p99_1 ms); 3 over 1: bookings/s $(ratio "$b3" "$b1"), p50 $(ratio "$p50_3" "$p50_1"), p99 $(ratio "$p99_3" "$p99_1")"
done

if [ "$KILL_BOOKINGS" -gt 0 ]; then
	say "TestBookingsThroughBalancerSurviveKill: $KILL_BOOKINGS bookings at $RATE/s through 3 instances, one SIGKILLed mid-run"
	CONFER_TEST_POSTGRES=$(scripts/pg.sh url postgres) CONFER_TEST_BIN=$ROOT/bin/confer \
		CONFER_KILLTEST_BOOKINGS=$KILL_BOOKINGS CONFER_KILLTEST_RATE=$RATE \
		go test -count=1 -v -run '^TestBookingsThroughBalancerSurviveKill$' . 2>&1 | grep -v '^{' | grep -e 'killtest_' -e '^--- ' -e '^ok' -e '^FAIL'
fi
say "load: $(uptime)"
