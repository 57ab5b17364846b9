#!/usr/bin/env bash
# polls.sh: the live-poll load benchmark. It starts a throwaway PostgreSQL with durable
# settings (fsync and synchronous_commit on), runs `confer serve` on it, and drives it
# with scripts/pollbench: N participants join one workshop, each votes once, the votes
# spread over 10 s. Then it runs the same load against the barepoll floor
# (../shared/bench/barepoll: the same socket contract in memory, no database), restarted
# for each size, and prints the ratios. Sizes: POLL_BENCH_SIZES (default "10000 15000").
# Then a split run: two `confer serve` instances on one database, the participants
# spread over both as a balancer would, the final-total time measured on each instance
# (POLL_BENCH_SPLIT participants, default 15000; empty to skip).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

SIZES=${POLL_BENCH_SIZES:-10000 15000}
SPLIT=${POLL_BENCH_SPLIT-15000}
SPREAD=${POLL_BENCH_SPREAD:-10s}
BAREPOLL_DIR=${BAREPOLL_DIR:-}
for d in "$BAREPOLL_DIR" "$ROOT/../shared/bench/barepoll" /work/shared/bench/barepoll; do
	if [ -n "$d" ] && [ -f "$d/main.go" ]; then BAREPOLL_DIR=$d; break; fi
done
[ -f "$BAREPOLL_DIR/main.go" ] || { echo "polls.sh: barepoll not found (set BAREPOLL_DIR)"; exit 1; }

# Each side holds one socket per participant: raise the open-file limit as far as allowed.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
say "open-file limit $(ulimit -n); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/confer-pollbench.XXXXXX")
export PG_STATE=$WORK/pg.state
export PG_OPTS="-c max_connections=300 -c shared_buffers=256MB"
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	scripts/pg.sh stop >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT

say "building confer, pollbench and barepoll"
go build -o "$WORK/confer" .
go build -o "$WORK/pollbench" ./scripts/pollbench
(cd "$BAREPOLL_DIR" && go build -o "$WORK/barepoll" .)

say "starting PostgreSQL with durable settings: $PG_OPTS"
scripts/pg.sh start >/dev/null

wait_ready() {
	for _ in $(seq 1 300); do
		curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "polls.sh: $1 never answered"; return 1
}

# start_confer starts an instance on $1 (a port) over $DATABASE_URL, logging to $2; its
# PID is in cpid.
start_confer() {
	CONFER_ADDR=127.0.0.1:$1 CONFER_BASE_URL=http://127.0.0.1:$1 "$WORK/confer" serve 2>"$2" &
	cpid=$!
	PIDS+=("$cpid")
	wait_ready "http://127.0.0.1:$1/readyz"
}

export CONFER_RATE_LIMIT=0 CONFER_LOG_LEVEL=warn CONFER_DATA_DIR=$WORK/data
export CONFER_WS_PER_CLIENT=0 CONFER_POLL_JOIN_LIMIT=0 # every simulated phone is on 127.0.0.1
port=18480
for n in $SIZES; do
	db=$(scripts/pg.sh createdb "pollbench_$n")
	export DATABASE_URL=$db
	start_confer "$port" "$WORK/confer-$n.log"
	token=$("$WORK/confer" token create --email bench@confer.example --role admin | tail -n 1)
	say "confer on PostgreSQL: $n participants"
	"$WORK/pollbench" -base "http://127.0.0.1:$port" -token "$token" -n "$n" -spread "$SPREAD" \
		-pid "$cpid" -label confer -out "$WORK/confer-$n.json" || true
	kill "$cpid"; wait "$cpid" 2>/dev/null || true
	unset DATABASE_URL
	port=$((port + 1))

	"$WORK/barepoll" -addr "127.0.0.1:$port" 2>"$WORK/barepoll-$n.log" &
	bpid=$!
	PIDS+=("$bpid")
	wait_ready "http://127.0.0.1:$port/api/v1/polls/1/results"
	say "barepoll (in memory): $n participants"
	"$WORK/pollbench" -base "http://127.0.0.1:$port" -code BENCH1 -poll 1 -n "$n" -spread "$SPREAD" \
		-pid "$bpid" -label barepoll -out "$WORK/barepoll-$n.json" || true
	kill "$bpid"; wait "$bpid" 2>/dev/null || true
	port=$((port + 1))

	say "ratios at $n participants"
	"$WORK/pollbench" -compare "$WORK/confer-$n.json" "$WORK/barepoll-$n.json"
	if [ -s "$WORK/confer-$n.log" ]; then say "confer log (warnings and errors):"; tail -n 5 "$WORK/confer-$n.log"; fi
	sleep 5 # let the sockets drain before the next size
done

if [ -n "$SPLIT" ]; then
	n=$SPLIT
	export DATABASE_URL
	DATABASE_URL=$(scripts/pg.sh createdb pollbench_split)
	start_confer "$port" "$WORK/confer-split-a.log"
	apid=$cpid
	start_confer $((port + 1)) "$WORK/confer-split-b.log"
	bpid=$cpid
	token=$("$WORK/confer" token create --email bench@confer.example --role admin | tail -n 1)
	say "confer split over two instances on one PostgreSQL: $n participants, half on each (peak RSS: instance A)"
	"$WORK/pollbench" -base "http://127.0.0.1:$port,http://127.0.0.1:$((port + 1))" -token "$token" -n "$n" \
		-spread "$SPREAD" -pid "$apid" -label confer-split -out "$WORK/confer-split.json" || true
	kill "$apid" "$bpid"; wait "$apid" "$bpid" 2>/dev/null || true
	if [ -f "$WORK/barepoll-$n.json" ]; then
		say "ratios, split run at $n participants against barepoll (one process)"
		"$WORK/pollbench" -compare "$WORK/confer-split.json" "$WORK/barepoll-$n.json"
	fi
	for f in "$WORK"/confer-split-?.log; do
		if [ -s "$f" ]; then say "$(basename "$f") (warnings and errors):"; tail -n 5 "$f"; fi
	done
fi
