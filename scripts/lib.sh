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
