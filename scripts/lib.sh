# shellcheck shell=bash
# lib.sh holds the helpers that build.sh, test.sh and bench.sh share.
# Source it; it changes nothing by itself.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# say prints a line the reader can find among the tools' output.
say() { printf '==> %s\n' "$*"; }

# in_ci is true when CI=true, where a missing tool is a failure, not a skip.
in_ci() { [ "${CI:-}" = true ]; }

have() { command -v "$1" >/dev/null 2>&1; }

# npm_ci_if_needed installs frontend/node_modules unless they already match
# package-lock.json (npm records what it installed in node_modules/.package-lock.json).
npm_ci_if_needed() {
	local dir=$ROOT/frontend
	if [ ! -f "$dir/package-lock.json" ]; then
		say "frontend/package-lock.json missing: running npm install to create it"
		(cd "$dir" && npm install --no-audit --no-fund)
		return
	fi
	local stamp=$dir/node_modules/.package-lock.json
	if [ -f "$stamp" ] && [ ! "$dir/package-lock.json" -nt "$stamp" ]; then
		say "frontend/node_modules is up to date with package-lock.json: skipping npm ci"
		return
	fi
	(cd "$dir" && npm ci --no-audit --no-fund)
}

# build_spa builds frontend/dist (vite.config.ts keeps the committed dist/.gitkeep).
build_spa() { npm_ci_if_needed && (cd "$ROOT/frontend" && npm run build); }

# go_packages lists our Go packages. `./...` alone would include any .go files
# that an npm package ships under frontend/node_modules (some do), which are not ours.
go_packages() { go list -e ./... | grep -v '/node_modules/'; }

# start_demo starts the confer binary $1 in demo mode (CONFER_DEMO=1) on a free
# loopback port with a fresh data directory $2, in a small explicit environment (a
# developer's DATABASE_URL or SendGrid key must not reach it), and waits for /readyz.
# It sets DEMO_URL and DEMO_PID (stop it with kill "$DEMO_PID") and DEMO_ENV, the
# environment to run the binary's CLI (signin-link, token create) against it.
start_demo() {
	local bin=$1 data=$2 port
	port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
	mkdir -p "$data"
	DEMO_URL=http://127.0.0.1:$port
	DEMO_ENV=(PATH="$PATH" HOME="${HOME:-$data}" TMPDIR="${TMPDIR:-/tmp}" CONFER_DEMO=1 CONFER_DATA_DIR="$data"
		CONFER_ADDR="127.0.0.1:$port" CONFER_BASE_URL="$DEMO_URL" CONFER_LOG_LEVEL=warn)
	env -i "${DEMO_ENV[@]}" "$bin" serve >"$data/confer.log" 2>&1 &
	DEMO_PID=$!
	for _ in $(seq 1 600); do
		curl -fsS -o /dev/null "$DEMO_URL/readyz" 2>/dev/null && return 0
		kill -0 "$DEMO_PID" 2>/dev/null || break
		sleep 0.1
	done
	say "confer did not start:"
	cat "$data/confer.log"
	return 1
}
