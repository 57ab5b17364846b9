#!/usr/bin/env bash
# test.sh runs every test suite and says what ran and what was skipped:
#
#   build         npm ci (when needed), npm run build, then go build -o bin/confer . with
#                 that SPA embedded; runs first, alone, with its output shown as it comes
#   go-sqlite     go vet ./... and go test ./... on SQLite
#   go-postgres   go test ./... again, on a throwaway PostgreSQL (scripts/pg.sh), started
#                 before the stages and shared with e2e-postgres
#   frontend      npm test (vitest); its invite test reads the calendar invites go-sqlite
#                 wrote to CONFER_ICS_DIR, so it runs after go-sqlite
#   e2e-postgres  bin/confer driven by node --test e2e/ in Chromium: every browser test,
#                 each test file on a fresh database of the throwaway PostgreSQL
#   e2e-sqlite    the front door in Chromium on SQLite, as `make run` serves it
#                 (E2E_SQLITE_FILES); every browser test when there is no PostgreSQL
#
# Why the browser tests run once, not once per database: the browser is nine tenths of
# their CPU and does the same work whatever the database (measured on 2 cores: one pass
# is about 4 CPU-minutes in chromium-headless-shell, the Go tests on both databases about
# 4), so a second pass would add about 2 minutes to re-check pages the Go tests already
# check on both databases route by route (every route, both stores, the booking
# differential test). The database reaches a page only through the API, and that is what
# the Go suites cover twice. SQLite still gets the pages a newcomer meets first;
# E2E_SQLITE_FILES=all runs every browser test on SQLite too, for a change to the store.
#
# After build the stages run in two lanes at once, since the browser tests spend much
# of their time waiting on pages, sockets and mail: go-sqlite, go-postgres, frontend,
# e2e-sqlite one after another, beside e2e-postgres. Each stage's output goes to a
# log and is printed whole when the stage ends (tmp/test-logs/STAGE.log keeps it), then
# the summary table says how each went and how long it took.
#
# It installs nothing. A missing tool (PostgreSQL, Node, Chromium) skips its stages
# with a plain message, or fails them when CI=true. Every stage runs even after one
# fails; the exit status is non-zero if any failed.
#
# Environment:
#   RACE=1          add -race to go test. Off by default, to keep the whole run well under
#                   15 minutes on 2 cores as the suites grow: measured there, -race made
#                   the server tests 4x slower (1.2 s -> 4.5 s, the pure-Go SQLite driver
#                   is all instrumented) and its first build took 3 minutes more, and every
#                   Go test runs twice (SQLite, PostgreSQL). Use it when touching
#                   concurrency: RACE=1 make test, or go test -race ./server/.
#   GO_TEST_FLAGS   default "-count=1 -timeout 10m -parallel 4": the Go tests wait on
#                   sockets, timers and the database more than they compute, so four at
#                   a time per package (go test's default is one per core) finish sooner
#                   for the same CPU
#   CHROMIUM        browser for e2e (default /usr/bin/chromium-headless-shell, Debian's
#                   package of Chromium's headless build, a third of the CPU per page;
#                   /usr/bin/chromium when that is not installed), passed on as CHROMIUM
#   E2E_CONCURRENCY how many e2e test files each e2e stage runs at once (default 2); each
#                   file has its own server, port, data directory and Postgres database
#   E2E_SQLITE_FILES  the browser test files e2e-sqlite runs (default
#                   "foundation.test.mjs": sign-in by emailed link, the admin's pages,
#                   signed out and on a phone); "all" runs every file
#   E2E_SCREENSHOTS a folder (or 1 for frontend/e2e/screenshots) where the browser tests
#                   save screenshots of what they check; unset (the default), none are taken
#   E2E_TEST_TIMEOUT  ms one browser test (or hook) may take before it fails (default
#                   300000, frontend/e2e/harness.mjs), so a hung test fails and the rest go
#                   on; there is no per-file limit, which a slow machine would run out of
#   E2E_RUN_TIMEOUT seconds one whole e2e stage may take before it is stopped (default 1500)
#   SERIAL=1        run the stages one after another (output live), as on a busy machine
#                   that should not have two lanes; E2E_CONCURRENCY still applies
#   PG_OPTS         server settings for the throwaway PostgreSQL (see scripts/pg.sh)
#   CONFER_ICS_DIR  where server.TestInviteNamesRoundTrip writes its invites and manifest.json
#                   and frontend/src/bookings/invites.test.ts reads them back with ical.js
#                   (default tmp/ics here). Under CI=true that test fails if none were written.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

GO_TEST_FLAGS=${GO_TEST_FLAGS:--count=1 -timeout 10m -parallel 4}
if [ "${RACE:-}" = 1 ]; then GO_TEST_FLAGS="$GO_TEST_FLAGS -race"; fi
if [ -z "${CHROMIUM:-}" ]; then
	CHROMIUM=/usr/bin/chromium
	[ -x /usr/bin/chromium-headless-shell ] && CHROMIUM=/usr/bin/chromium-headless-shell
fi
export CHROMIUM
E2E_CONCURRENCY=${E2E_CONCURRENCY:-2}
E2E_SQLITE_FILES=${E2E_SQLITE_FILES:-foundation.test.mjs}
export E2E_TEST_TIMEOUT=${E2E_TEST_TIMEOUT:-300000}
E2E_RUN_TIMEOUT=${E2E_RUN_TIMEOUT:-1500}
export CONFER_ICS_DIR=${CONFER_ICS_DIR:-$ROOT/tmp/ics}
LOG_DIR=$ROOT/tmp/test-logs

# Our own PostgreSQL instance, so a benchmark's or a second test run's is left alone.
export PG_STATE
PG_STATE=$(mktemp -u "${TMPDIR:-/tmp}/confer-test-pg.XXXXXX")
LANES=()

# kill_tree ends a lane and everything it started (background jobs ignore Ctrl-C).
kill_tree() {
	local c
	for c in $(pgrep -P "$1"); do kill_tree "$c"; done
	kill "$1" 2>/dev/null
}
trap 'scripts/pg.sh stop' EXIT
trap 'for p in "${LANES[@]}"; do kill_tree "$p"; done; exit 130' INT TERM
PG_URL=""
PG_REASON=""
SPA_BUILT=""
BIN_BUILT=""

SKIP=77
STAGES=(build go-sqlite go-postgres frontend e2e-sqlite e2e-postgres)

# skip_or_fail reports a missing tool: a skip on a developer machine, a failure in CI.
skip_or_fail() {
	REASON=$*
	if in_ci; then echo "FAILED: $* (CI=true, so this is an error)"; return 1; fi
	echo "SKIPPED: $*"
	return $SKIP
}

skip() { echo "SKIPPED: $*"; REASON=$*; return $SKIP; }

fmt_secs() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# stage runs one stage function, its output in $LOG_DIR/NAME.log, and writes how it
# went to $LOG_DIR/NAME.result (rc, seconds, reason) for report and the summary.
stage() {
	local name=$1 title=$2 fn=$3 t0=$SECONDS rc
	REASON=""
	printf '==================== %s: %s ====================\n' "$name" "$title" >"$LOG_DIR/$name.log"
	"$fn" >>"$LOG_DIR/$name.log" 2>&1
	rc=$?
	printf '%s %s %s\n' "$rc" "$((SECONDS - t0))" "$REASON" >"$LOG_DIR/$name.result.tmp"
	mv "$LOG_DIR/$name.result.tmp" "$LOG_DIR/$name.result"
}

# report prints a finished stage's log whole, and the line that ends it.
report() {
	local name=$1 rc took
	read -r rc took _ <"$LOG_DIR/$name.result"
	echo
	cat "$LOG_DIR/$name.log"
	printf -- '---- %s: %s in %s\n' "$name" "$(status_of "$rc")" "$(fmt_secs "$took")"
}

status_of() {
	case $1 in
	0) echo ok ;;
	"$SKIP") echo SKIPPED ;;
	*) echo FAILED ;;
	esac
}

# run_stage runs a stage in this shell with its output shown as it comes (build, SERIAL=1).
run_stage() {
	stage "$@" &
	local pid=$!
	echo
	tail -n +1 --pid="$pid" -F "$LOG_DIR/$1.log" 2>/dev/null
	wait "$pid"
	local rc took
	read -r rc took _ <"$LOG_DIR/$1.result"
	printf -- '---- %s: %s in %s\n' "$1" "$(status_of "$rc")" "$(fmt_secs "$took")"
}

# build makes the SPA and the binary the browser tests drive, before anything else.
build() {
	local rc=0
	if ! { have node && have npm; }; then
		skip_or_fail "Node.js/npm not found (apt-get install nodejs npm, Node 20+)" || rc=$?
	elif [ ! -f frontend/package.json ]; then
		skip "frontend/package.json not found" || rc=$?
	else
		say "node $(node --version), npm $(npm --version)"
		if build_spa; then touch "$LOG_DIR/spa-built"; else rc=1; fi
	fi
	say "go build -o bin/confer .  (embedding frontend/dist)"
	if go build -o bin/confer .; then touch "$LOG_DIR/bin-built"; else rc=1; fi
	return $rc
}

go_sqlite() {
	local rc=0
	local pkgs
	pkgs=$(go_packages) || return 1
	say "go vet ./..."
	# shellcheck disable=SC2086
	go vet $pkgs || rc=1
	say "go test $GO_TEST_FLAGS ./...  (SQLite)"
	# shellcheck disable=SC2086
	env -u CONFER_TEST_POSTGRES -u DATABASE_URL go test $GO_TEST_FLAGS $pkgs || rc=1
	return $rc
}

# start_pg starts the throwaway PostgreSQL that go-postgres and e2e-postgres share.
start_pg() {
	if ! scripts/pg.sh bindir >/dev/null 2>&1; then
		PG_REASON="PostgreSQL not found (apt-get install postgresql)"
		return
	fi
	say "starting a throwaway PostgreSQL (scripts/pg.sh)"
	if scripts/pg.sh start; then PG_URL=$(scripts/pg.sh url); fi
	[ -n "$PG_URL" ] || PG_REASON="the throwaway PostgreSQL did not start (see above)"
}

go_postgres() {
	[ -n "$PG_URL" ] || { skip_or_fail "$PG_REASON"; return; }
	say "go test $GO_TEST_FLAGS ./...  (CONFER_TEST_POSTGRES=$PG_URL)"
	# shellcheck disable=SC2086,SC2046
	env -u DATABASE_URL CONFER_TEST_POSTGRES="$PG_URL" go test $GO_TEST_FLAGS $(go_packages)
}

frontend() {
	{ have node && have npm; } || { skip_or_fail "Node.js/npm not found (apt-get install nodejs npm, Node 20+)"; return; }
	[ -f frontend/package.json ] || { skip "frontend/package.json not found"; return; }
	[ -d frontend/node_modules ] || { echo "FAILED: frontend/node_modules is missing (see stage build)"; return 1; }
	say "npm test"
	(cd frontend && timeout -k 10 600 npm test)
}

# e2e_ready says why browser tests cannot run, if they cannot.
e2e_ready() {
	[ -x "$CHROMIUM" ] || { skip_or_fail "Chromium not found at $CHROMIUM (apt-get install chromium-headless-shell)"; return; }
	have node || { skip_or_fail "Node.js not found"; return; }
	[ -d frontend/e2e ] || { skip "frontend/e2e/ not found"; return; }
	[ -f "$LOG_DIR/spa-built" ] || { skip_or_fail "the SPA was not built (see stage build)"; return; }
	[ -f "$LOG_DIR/bin-built" ] || { echo "FAILED: bin/confer was not built (see stage build)"; return 1; }
}

# e2e_run runs browser test files (e2e/ for all of them) against bin/confer,
# E2E_CONCURRENCY files at a time: on SQLite, or with CONFER_E2E_PG_ADMIN set, on a fresh
# Postgres database per test file.
# --test-force-exit: a file whose tests are done (one may have hit its limit) ends.
e2e_run() {
	say "node --test $*  ($E2E_CONCURRENCY files at a time, each test at most ${E2E_TEST_TIMEOUT} ms, the stage at most ${E2E_RUN_TIMEOUT} s; CONFER_BIN=$ROOT/bin/confer${CONFER_E2E_PG_ADMIN:+, a Postgres database per file on $CONFER_E2E_PG_ADMIN})"
	(
		cd frontend || exit 1
		unset DATABASE_URL
		[ -n "${CONFER_E2E_PG_ADMIN:-}" ] && export CONFER_E2E_PG_ADMIN
		CONFER_BIN="$ROOT/bin/confer" timeout -k 10 "$E2E_RUN_TIMEOUT" \
			node --test --test-concurrency="$E2E_CONCURRENCY" --test-force-exit "$@"
	)
}

# e2e_sqlite runs the front door on SQLite, or every browser test when there is no
# PostgreSQL for e2e-postgres to run them on.
e2e_sqlite() {
	e2e_ready || return
	local files=()
	if [ "$E2E_SQLITE_FILES" = all ] || [ -z "$PG_URL" ]; then
		[ -n "$PG_URL" ] || say "no PostgreSQL, so every browser test runs here"
		files=(e2e/)
	else
		for f in $E2E_SQLITE_FILES; do files+=("e2e/$f"); done
	fi
	e2e_run "${files[@]}"
}

e2e_postgres() {
	e2e_ready || return
	[ -n "$PG_URL" ] || { skip_or_fail "$PG_REASON"; return; }
	# Each test file creates a database of its own on this server (frontend/e2e/harness.mjs).
	CONFER_E2E_PG_ADMIN=$PG_URL e2e_run e2e/
}

t_all=$SECONDS
rm -rf "$LOG_DIR"
mkdir -p "$LOG_DIR"
# Invites of an earlier run must not stand in for this one's (see CONFER_ICS_DIR).
rm -f "$CONFER_ICS_DIR"/*.ics "$CONFER_ICS_DIR"/manifest.json
run_stage build "npm ci, npm run build, go build bin/confer" build
# The root package's tests run the binary: the one build has just made, rather than
# linking their own (main_test.go buildBinary).
if [ -f "$LOG_DIR/bin-built" ]; then export CONFER_TEST_BIN=$ROOT/bin/confer; fi
start_pg

if [ "${SERIAL:-}" = 1 ]; then
	run_stage go-sqlite "go vet + go test on SQLite" go_sqlite
	run_stage go-postgres "go test on PostgreSQL" go_postgres
	run_stage frontend "npm test" frontend
	run_stage e2e-postgres "every browser test, on PostgreSQL" e2e_postgres
	run_stage e2e-sqlite "the front door in the browser, on SQLite" e2e_sqlite
else
	say "running go-sqlite, go-postgres, frontend, e2e-sqlite one after another, beside e2e-postgres; each stage's output shows when it ends"
	{
		stage go-sqlite "go vet + go test on SQLite" go_sqlite
		stage go-postgres "go test on PostgreSQL" go_postgres
		stage frontend "npm test" frontend
		stage e2e-sqlite "the front door in the browser, on SQLite" e2e_sqlite
	} &
	LANES+=($!)
	stage e2e-postgres "every browser test, on PostgreSQL" e2e_postgres &
	LANES+=($!)
	# Print each stage whole as it ends, in the order they end.
	printed=" build "
	while :; do
		for name in "${STAGES[@]}"; do
			if [[ $printed != *" $name "* ]] && [ -f "$LOG_DIR/$name.result" ]; then
				report "$name"
				printed+="$name "
			fi
		done
		[ "$(wc -w <<<"$printed")" = "${#STAGES[@]}" ] && break
		# A lane that died without a result (killed, say) must not hang the run.
		alive=0
		for p in "${LANES[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
		if [ $alive = 0 ]; then
			for name in "${STAGES[@]}"; do
				[ -f "$LOG_DIR/$name.result" ] || printf '1 0 did not finish\n' >"$LOG_DIR/$name.result"
			done
		else
			sleep 1
		fi
	done
	wait
fi

npass=0 nfail=0 nskip=0
printf '\n==================== summary (%s) ====================\n' "$(fmt_secs $((SECONDS - t_all)))"
for name in "${STAGES[@]}"; do
	read -r rc took reason <"$LOG_DIR/$name.result"
	status=$(status_of "$rc")
	case $status in
	ok) npass=$((npass + 1)) ;;
	SKIPPED) nskip=$((nskip + 1)) ;;
	*) nfail=$((nfail + 1)) ;;
	esac
	printf '  %-13s %-8s %s  %s\n' "$name" "$status" "$(fmt_secs "$took")" "$reason"
done
echo "stages: $npass passed, $nfail failed, $nskip skipped"
[ $nfail = 0 ]
