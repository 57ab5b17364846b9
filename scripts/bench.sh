#!/usr/bin/env bash
# bench.sh runs every benchmark script in scripts/bench/ (none yet: later issues add
# them), one after another, and says which ran. A benchmark that needs PostgreSQL
# starts its own with scripts/pg.sh, giving PG_OPTS without fsync=off.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

shopt -s nullglob
scripts=(scripts/bench/*.sh)
if [ ${#scripts[@]} = 0 ]; then
	say "no benchmarks yet: scripts/bench/*.sh is empty"
	exit 0
fi

failed=()
for s in "${scripts[@]}"; do
	say "running $s"
	bash "$s" || failed+=("$s")
done
say "ran ${#scripts[@]} benchmark script(s): ${scripts[*]}"
if [ ${#failed[@]} -gt 0 ]; then say "FAILED: ${failed[*]}"; exit 1; fi
