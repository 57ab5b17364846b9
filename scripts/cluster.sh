#!/usr/bin/env bash
# cluster.sh runs Confer as production does with several instances, on loopback:
# PostgreSQL, N `confer serve` instances and HAProxy (Debian's haproxy package) in front.
#
#   scripts/cluster.sh up N    start them all and print the balancer's address (with
#                              CLUSTER_BALANCERS=K, the K addresses, comma-separated)
#   scripts/cluster.sh ps      each instance's PID and address, one a line ("PID ADDR");
#                              a third column names its metrics address, or says "stopped"
#   scripts/cluster.sh url     print the balancer's address
#   scripts/cluster.sh down    stop the instances (SIGTERM, draining), HAProxy and PostgreSQL
#
# HAProxy balances by least connections with no stickiness: any instance serves any
# request, and a live poll's sockets on different instances agree through PostgreSQL's
# LISTEN/NOTIFY. It checks GET /readyz every second and takes an instance out after two
# failures, which is how a draining instance (CONFER_DRAIN_WAIT) sheds its clients before
# it stops. An instance that refuses a connection (killed, crashed) is marked down at
# once (observe layer4, error-limit 1), without waiting for the health checks, and the
# refused request goes to another instance (redispatch on every retry): phones on a dead
# instance are back within a second or two. Websockets pass through (HAProxy upgrades in http mode); a socket on an
# instance marked down is left open, for the instance to close with code 1012 at the end
# of its drain (clients then reconnect at once, to another instance). A request whose
# connection an instance refuses is sent to another; a request an instance accepted is
# never retried, so a booking is never made twice by the balancer.
#
# The instances start together on the same database: their migrations take a lock, so
# the first migrates and the others wait (models/migrations).
#
# Environment:
#   CLUSTER_DIR    state, configs and logs (default tmp/cluster); one cluster per directory
#   CLUSTER_PORT   first port to try for the balancer (default 8090); instances take the next
#                  free ports above it, their metrics listeners the ones above those
#   CLUSTER_PORTS  the ports to use instead, in the order taken: balancers, then each
#                  instance's port and metrics port (tests pass ports the kernel chose, so
#                  clusters started at the same moment cannot pick the same free port)
#   CONFER_BIN     the binary (default bin/confer; built with scripts/build.sh when missing)
#   DATABASE_URL   an existing PostgreSQL database; unset: a throwaway one (scripts/pg.sh)
#   CLUSTER_BALANCERS  HAProxy processes, each on its own port, all in front of all the
#                  instances (default 1). A process holds two open files per proxied socket,
#                  so one process holds (open-file limit)/2 sockets: 10,000 where the hard
#                  limit is 20,000, as on our CI machines. More participants than that need
#                  more balancers, as a production site would have (DNS or a VIP in front).
#   CLUSTER_DRAIN  CONFER_DRAIN_WAIT for the instances (default 3s: above HAProxy's 2 x 1s)
#   Any other CONFER_* or SENDGRID_* variable is passed on to every instance.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

CLUSTER_DIR=${CLUSTER_DIR:-$ROOT/tmp/cluster}
export PG_STATE=$CLUSTER_DIR/pg.state

die() { echo "cluster.sh: $*" >&2; exit 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# next_port sets PORT to the next of CLUSTER_PORTS when that is given, else to the first
# free port at or above $1 not already handed out this run. (It sets a variable rather
# than printing, since $(...) would run it in a subshell and forget what it handed out.)
TAKEN=" "
read -r -a GIVEN <<<"${CLUSTER_PORTS:-}"
next_port() {
	if [ ${#GIVEN[@]} -gt 0 ]; then
		PORT=${GIVEN[0]}
		GIVEN=("${GIVEN[@]:1}")
	else
		PORT=$1
		while [[ $TAKEN == *" $PORT "* ]] || ! port_free "$PORT"; do PORT=$((PORT + 1)); done
	fi
	TAKEN="$TAKEN$PORT "
}

# status prints the HTTP status of GET $2 on 127.0.0.1:$1, or nothing (no curl needed).
status() (
	local line=""
	{ exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || exit 0
	printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
	IFS= read -r -t 5 line <&3 || true
	exec 3>&-
	line=${line#HTTP/* }
	echo "${line%% *}"
)

# alive: the process exists and is not a zombie (an instance killed after this script
# exited is reparented, and its zombie may linger until its new parent reaps it).
alive() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	[ "${stat:0:1}" != Z ]
}

haproxy_bin() { command -v haproxy || { [ -x /usr/sbin/haproxy ] && echo /usr/sbin/haproxy; }; }

up() {
	local n=${1:-}
	[[ $n =~ ^[1-9][0-9]*$ ]] || die "usage: scripts/cluster.sh up N (N instances, 1 or more)"
	[ ! -f "$CLUSTER_DIR/instances" ] || die "already up ($CLUSTER_DIR); run: scripts/cluster.sh down"
	local haproxy
	haproxy=$(haproxy_bin) || die "HAProxy not found (apt-get install haproxy)"
	local bin=${CONFER_BIN:-$ROOT/bin/confer}
	if [ ! -x "$bin" ]; then
		[ -z "${CONFER_BIN:-}" ] || die "CONFER_BIN=$bin is not an executable"
		"$ROOT/scripts/build.sh" >&2
	fi
	mkdir -p "$CLUSTER_DIR"
	CLUSTER_DIR=$(cd "$CLUSTER_DIR" && pwd)
	PG_STATE=$CLUSTER_DIR/pg.state

	local db=${DATABASE_URL:-}
	if [ -z "$db" ]; then
		"$ROOT/scripts/pg.sh" start >&2
		db=$("$ROOT/scripts/pg.sh" createdb confer)
	fi

	local nb=${CLUSTER_BALANCERS:-1}
	[[ $nb =~ ^[1-9]$ ]] || die "CLUSTER_BALANCERS=$nb: want 1 to 9"
	local lb i port mport lbs=() urls=()
	next_port "${CLUSTER_PORT:-8090}"
	lb=$PORT
	lbs+=("$lb")
	for ((i = 2; i <= nb; i++)); do next_port $((lb + i - 1)) && lbs+=("$PORT"); done
	for port in "${lbs[@]}"; do urls+=("http://127.0.0.1:$port"); done
	local base=${urls[0]} all
	all=$(IFS=,; echo "${urls[*]}")
	: >"$CLUSTER_DIR/instances.tmp"
	for ((i = 1; i <= n; i++)); do
		next_port $((lb + nb + i)) && port=$PORT
		next_port $((port + n + 1000)) && mport=$PORT
		mkdir -p "$CLUSTER_DIR/i$i"
		# setsid: an instance is its own process group, so a Ctrl-C at the terminal
		# that started the cluster leaves it running until `down`.
		DATABASE_URL=$db CONFER_ADDR=127.0.0.1:$port CONFER_BASE_URL=${CONFER_BASE_URL:-$base} \
			CONFER_DATA_DIR=$CLUSTER_DIR/i$i CONFER_TRUSTED_PROXIES=127.0.0.1 \
			CONFER_DRAIN_WAIT=${CLUSTER_DRAIN:-3s} CONFER_METRICS_ADDR=127.0.0.1:$mport \
			setsid "$bin" serve >"$CLUSTER_DIR/i$i.log" 2>&1 </dev/null &
		echo "$! 127.0.0.1:$port 127.0.0.1:$mport" >>"$CLUSTER_DIR/instances.tmp"
	done
	mv "$CLUSTER_DIR/instances.tmp" "$CLUSTER_DIR/instances"
	echo "$all" >"$CLUSTER_DIR/url"

	local pid addr rest deadline=$((SECONDS + 120))
	while read -r pid addr rest; do
		until [ "$(status "${addr#*:}" /readyz)" = 200 ]; do
			alive "$pid" || { tail -n 20 "$CLUSTER_DIR"/i*.log >&2; down >&2; die "instance $addr exited while starting (logs above)"; }
			[ $SECONDS -lt $deadline ] || { down >&2; die "instance $addr not ready in 2 minutes"; }
			sleep 0.1
		done
	done <"$CLUSTER_DIR/instances"

	: >"$CLUSTER_DIR/haproxy.pid"
	for ((i = 1; i <= nb; i++)); do
		local cfg=$CLUSTER_DIR/haproxy.cfg log=$CLUSTER_DIR/haproxy.log
		if [ "$i" -gt 1 ]; then cfg=$CLUSTER_DIR/haproxy-$i.cfg log=$CLUSTER_DIR/haproxy-$i.log; fi
		write_haproxy_cfg "${lbs[i - 1]}" >"$cfg"
		setsid "$haproxy" -f "$cfg" -db >"$log" 2>&1 </dev/null &
		echo $! >>"$CLUSTER_DIR/haproxy.pid"
	done
	# Ready when HAProxy's first health checks have passed: /readyz through it answers.
	for port in "${lbs[@]}"; do
		until [ "$(status "$port" /readyz)" = 200 ]; do
			if [ $SECONDS -ge $deadline ] || ! alive "$(tail -n 1 "$CLUSTER_DIR/haproxy.pid")"; then
				cat "$CLUSTER_DIR"/haproxy*.log >&2
				down >&2
				die "the balancer on port $port did not become ready (log above)"
			fi
			sleep 0.1
		done
	done
	echo "$all"
}

# write_haproxy_cfg prints the configuration of a balancer on port $1 for the instances file.
write_haproxy_cfg() {
	local lb=$1 pid addr rest i=0
	{
		cat <<-EOF
			# Written by scripts/cluster.sh: HAProxy in front of $(wc -l <"$CLUSTER_DIR/instances") Confer instance(s).
			# No maxconn: HAProxy derives it from the open-file limit (two per proxied
			# connection), which is the real ceiling on how many sockets it can hold.
			global
			    log stderr format short local0 notice
			defaults
			    mode http
			    log global
			    option forwardfor
			    option redispatch 1
			    retries 3
			    retry-on conn-failure
			    timeout connect 2s
			    timeout client 60s
			    timeout server 60s
			    timeout tunnel 1h
			    timeout http-keep-alive 10s
			frontend confer
			    bind 127.0.0.1:$lb
			    default_backend instances
			backend instances
			    balance leastconn
			    option httpchk GET /readyz
			    http-check expect status 200
			    default-server check inter 1s fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down
		EOF
		while read -r pid addr rest; do
			i=$((i + 1))
			echo "    server i$i $addr"
		done <"$CLUSTER_DIR/instances"
	}
}

ps_() {
	[ -f "$CLUSTER_DIR/instances" ] || die "not up ($CLUSTER_DIR); run: scripts/cluster.sh up N"
	local pid addr metrics
	while read -r pid addr metrics; do
		if alive "$pid"; then echo "$pid $addr metrics=$metrics"; else echo "$pid $addr stopped"; fi
	done <"$CLUSTER_DIR/instances"
}

down() {
	local pid addr rest pids=()
	if [ -f "$CLUSTER_DIR/instances" ]; then
		while read -r pid addr rest; do
			alive "$pid" && kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
		done <"$CLUSTER_DIR/instances"
	fi
	# Draining takes CONFER_DRAIN_WAIT, then shutdown; a stuck instance is killed at 60 s.
	local deadline=$((SECONDS + 60))
	for pid in "${pids[@]}"; do
		while alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
		alive "$pid" && kill -KILL "$pid" 2>/dev/null
	done
	if [ -f "$CLUSTER_DIR/haproxy.pid" ]; then
		while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$CLUSTER_DIR/haproxy.pid"
	fi
	if [ -f "$PG_STATE" ]; then "$ROOT/scripts/pg.sh" stop; fi
	rm -f "$CLUSTER_DIR/instances" "$CLUSTER_DIR/url" "$CLUSTER_DIR/haproxy.pid"
	return 0
}

case "${1:-}" in
up) up "${2:-}" ;;
ps) ps_ ;;
url) [ -f "$CLUSTER_DIR/url" ] && cat "$CLUSTER_DIR/url" || die "not up ($CLUSTER_DIR)" ;;
down) down ;;
*) die "usage: scripts/cluster.sh up N | ps | url | down" ;;
esac
