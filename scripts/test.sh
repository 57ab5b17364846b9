#!/usr/bin/env bash
# test.sh runs every test suite, in order, and says what ran and what was skipped:
#
#   1 go-sqlite     go vet ./... and go test ./... on SQLite
#   2 go-postgres   go test ./... again, on a throwaway PostgreSQL (scripts/pg.sh)
#   3 frontend      npm ci (when needed), npm run build, npm test (vitest); its invite test
#                   reads the calendar invites the Go stages wrote to CONFER_ICS_DIR
#   4 e2e-sqlite    bin/confer with the fresh SPA, driven by node --test e2e/ in Chromium
#   5 e2e-postgres  the same against a fresh database on the throwaway PostgreSQL
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
#   GO_TEST_FLAGS   default "-count=1 -timeout 10m"
#   CHROMIUM        browser for e2e (default /usr/bin/chromium), passed on as CHROMIUM
#   E2E_FILE_TIMEOUT  ms one e2e test file may take before it fails (default 180000), so a
#                   hung browser test costs minutes, not the whole CI run
#   PG_OPTS         server settings for the throwaway PostgreSQL (see scripts/pg.sh)
#   CONFER_ICS_DIR  where server.TestInviteNamesRoundTrip writes its invites and manifest.json
#                   and frontend/src/bookings/invites.test.ts reads them back with ical.js
#                   (default tmp/ics here). Under CI=true that test fails if none were written.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

GO_TEST_FLAGS=${GO_TEST_FLAGS:--count=1 -timeout 10m}
if [ "${RACE:-}" = 1 ]; then GO_TEST_FLAGS="$GO_TEST_FLAGS -race"; fi
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
E2E_FILE_TIMEOUT=${E2E_FILE_TIMEOUT:-180000}
export CONFER_ICS_DIR=${CONFER_ICS_DIR:-$ROOT/tmp/ics}

# Our own PostgreSQL instance, so a benchmark's or a second test run's is left alone.
export PG_STATE
PG_STATE=$(mktemp -u "${TMPDIR:-/tmp}/confer-test-pg.XXXXXX")
trap 'scripts/pg.sh stop' EXIT
trap 'exit 130' INT TERM
PG_URL=""
SPA_BUILT=""
BIN_BUILT=""

SKIP=77
RESULTS=()
npass=0 nfail=0 nskip=0

# skip_or_fail reports a missing tool: a skip on a developer machine, a failure in CI.
skip_or_fail() {
	REASON=$*
	if in_ci; then echo "FAILED: $* (CI=true, so this is an error)"; return 1; fi
	echo "SKIPPED: $*"
	return $SKIP
}

skip() { echo "SKIPPED: $*"; REASON=$*; return $SKIP; }

fmt_secs() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# stage runs one stage function in this shell and records its result and time.
stage() {
	local name=$1 title=$2 fn=$3 t0=$SECONDS rc
	REASON=""
	printf '\n==================== %s: %s ====================\n' "$name" "$title"
	"$fn"
	rc=$?
	local took status
	took=$(fmt_secs $((SECONDS - t0)))
	case $rc in
	0) npass=$((npass + 1)) status=ok ;;
	"$SKIP") nskip=$((nskip + 1)) status=SKIPPED ;;
	*) nfail=$((nfail + 1)) status=FAILED ;;
	esac
	RESULTS+=("$(printf '  %-13s %-8s %s  %s' "$name" "$status" "$took" "$REASON")")
	printf -- '---- %s: %s in %s\n' "$name" "$status" "$took"
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

go_postgres() {
	scripts/pg.sh bindir >/dev/null 2>&1 || { skip_or_fail "PostgreSQL not found (apt-get install postgresql)"; return; }
	scripts/pg.sh start || return 1
	PG_URL=$(scripts/pg.sh url) || return 1
	say "go test $GO_TEST_FLAGS ./...  (CONFER_TEST_POSTGRES=$PG_URL)"
	# shellcheck disable=SC2086,SC2046
	env -u DATABASE_URL CONFER_TEST_POSTGRES="$PG_URL" go test $GO_TEST_FLAGS $(go_packages)
}

frontend() {
	{ have node && have npm; } || { skip_or_fail "Node.js/npm not found (apt-get install nodejs npm, Node 20+)"; return; }
	[ -f frontend/package.json ] || { skip "frontend/package.json not found"; return; }
	local rc=0
	say "node $(node --version), npm $(npm --version)"
	if build_spa; then SPA_BUILT=1; else rc=1; fi
	say "npm test"
	(cd frontend && timeout -k 10 600 npm test) || rc=1
	return $rc
}

# e2e_ready says why browser tests cannot run, if they cannot.
e2e_ready() {
	[ -x "$CHROMIUM" ] || { skip_or_fail "Chromium not found at $CHROMIUM (apt-get install chromium)"; return; }
	have node || { skip_or_fail "Node.js not found"; return; }
	[ -d frontend/e2e ] || { skip "frontend/e2e/ not found"; return; }
	[ -n "$SPA_BUILT" ] || { skip_or_fail "the SPA was not built (see stage frontend)"; return; }
}

# e2e_run runs the browser tests against bin/confer: on SQLite, or with CONFER_E2E_PG_ADMIN set, on a fresh Postgres database per test file.
e2e_run() {
	say "node --test e2e/  (per file at most ${E2E_FILE_TIMEOUT} ms; CONFER_BIN=$ROOT/bin/confer${CONFER_E2E_PG_ADMIN:+, a Postgres database per file on $CONFER_E2E_PG_ADMIN})"
	(
		cd frontend || exit 1
		unset DATABASE_URL
		[ -n "${CONFER_E2E_PG_ADMIN:-}" ] && export CONFER_E2E_PG_ADMIN
		CONFER_BIN="$ROOT/bin/confer" timeout -k 10 900 node --test --test-timeout="$E2E_FILE_TIMEOUT" e2e/
	)
}

e2e_sqlite() {
	e2e_ready || return
	say "go build -o bin/confer .  (embedding the fresh frontend/dist)"
	go build -o bin/confer . || return 1
	BIN_BUILT=1
	e2e_run ""
}

e2e_postgres() {
	e2e_ready || return
	[ -n "$PG_URL" ] || { skip_or_fail "no throwaway PostgreSQL (see stage go-postgres)"; return; }
	[ -n "$BIN_BUILT" ] || { echo "FAILED: bin/confer was not built (see stage e2e-sqlite)"; return 1; }
	# Each test file creates a database of its own on this server (frontend/e2e/harness.mjs).
	CONFER_E2E_PG_ADMIN=$PG_URL e2e_run ""
}

t_all=$SECONDS
# Invites of an earlier run must not stand in for this one's (see CONFER_ICS_DIR).
rm -f "$CONFER_ICS_DIR"/*.ics "$CONFER_ICS_DIR"/manifest.json
stage go-sqlite "go vet + go test on SQLite" go_sqlite
stage go-postgres "go test on PostgreSQL" go_postgres
stage frontend "npm ci, npm run build, npm test" frontend
stage e2e-sqlite "browser tests on SQLite" e2e_sqlite
stage e2e-postgres "browser tests on PostgreSQL" e2e_postgres

printf '\n==================== summary (%s) ====================\n' "$(fmt_secs $((SECONDS - t_all)))"
printf '%s\n' "${RESULTS[@]}"
echo "stages: $npass passed, $nfail failed, $nskip skipped"
[ $nfail = 0 ]
