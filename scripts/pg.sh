#!/usr/bin/env bash
# pg.sh runs a throwaway PostgreSQL on a free loopback port, for tests and benchmarks.
#
#   scripts/pg.sh start          initdb into a temp dir and start the server
#   scripts/pg.sh url [DB]       print postgres://postgres@127.0.0.1:PORT/DB?sslmode=disable
#   scripts/pg.sh createdb DB    create database DB and print its URL
#   scripts/pg.sh psql ARGS...   run psql against the server (database postgres)
#   scripts/pg.sh stop           stop the server and delete its directory
#   scripts/pg.sh bindir         print the PostgreSQL bin dir, or fail if there is none
#
# Environment:
#   PG_STATE  file remembering the running instance (default /tmp/confer-pg.<uid>.state);
#             give each concurrent user (tests, a benchmark) its own.
#   PG_OPTS   extra server settings, default tuned for tests (no fsync): benchmarks
#             must pass their own, e.g. PG_OPTS="-c max_connections=300 -c shared_buffers=256MB".
#   PG_PORT   first port to try (default 54329; the next free one upward is used).
#   PG_BINDIR PostgreSQL bin dir (default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail

PG_STATE=${PG_STATE:-${TMPDIR:-/tmp}/confer-pg.$(id -u).state}
PG_OPTS=${PG_OPTS--c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB}

die() { echo "pg.sh: $*" >&2; exit 1; }

bindir() {
	local d=${PG_BINDIR:-$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
	[ -x "$d/initdb" ] || return 1
	echo "$d"
}

# as_owner runs a server command as the postgres user when we are root
# (initdb and postgres refuse to run as root), from inside the data dir so
# that postgres can read its working directory.
as_owner() {
	if [ "$(id -u)" = 0 ]; then (cd "$DIR" && runuser -u postgres -- "$@"); else "$@"; fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# load reads BIN, DIR and PORT of the running instance.
load() {
	[ -f "$PG_STATE" ] || die "not running (no $PG_STATE); run: scripts/pg.sh start"
	# shellcheck disable=SC1090
	source "$PG_STATE"
	: "${BIN:?}" "${DIR:?}" "${PORT:?}"
}

start() {
	[ ! -f "$PG_STATE" ] || die "already started ($PG_STATE); run: scripts/pg.sh stop"
	BIN=$(bindir) || die "PostgreSQL not found (apt-get install postgresql)"
	DIR=$(mktemp -d "${TMPDIR:-/tmp}/confer-pg.XXXXXX")
	if [ "$(id -u)" = 0 ]; then chown postgres: "$DIR"; fi
	as_owner "$BIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 ||
		{ cat "$DIR/initdb.log" >&2; rm -rf "$DIR"; die "initdb failed"; }
	local port=${PG_PORT:-54329} tries=0
	while :; do
		while ! port_free "$port"; do port=$((port + 1)); done
		# shellcheck disable=SC2086 # PG_OPTS is a list of -c options
		if as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
			-o "-p $port -k $DIR -c listen_addresses=127.0.0.1 $PG_OPTS" start >/dev/null; then
			break
		fi
		tries=$((tries + 1))
		# Someone may have taken the port between the probe and the start.
		if [ $tries -ge 5 ]; then tail -n 20 "$DIR/server.log" >&2; rm -rf "$DIR"; die "server did not start"; fi
		port=$((port + 1))
	done
	printf 'BIN=%q\nDIR=%q\nPORT=%q\n' "$BIN" "$DIR" "$port" >"$PG_STATE"
	echo "pg.sh: PostgreSQL $("$BIN/postgres" -V | awk '{print $3}') on 127.0.0.1:$port (data $DIR)" >&2
}

stop() {
	[ -f "$PG_STATE" ] || return 0
	load
	as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$DIR" "$PG_STATE"
}

url() { load; echo "postgres://postgres@127.0.0.1:$PORT/${1:-postgres}?sslmode=disable"; }

case "${1:-}" in
start) start ;;
stop) stop ;;
url) url "${2:-}" ;;
createdb)
	[ -n "${2:-}" ] || die "usage: pg.sh createdb NAME"
	load && "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$2" && url "$2" ;;
psql) load && shift && exec "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -X "$@" ;;
bindir) bindir || die "PostgreSQL not found (apt-get install postgresql)" ;;
*) sed -n '2,19s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
