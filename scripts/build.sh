#!/usr/bin/env bash
# build.sh builds the SPA (when Node is here) and then bin/confer with it embedded.
# Without Node it says so and embeds whatever frontend/dist holds (the committed
# placeholder on a fresh clone).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

if ! have npm || ! have node; then
	say "node/npm not found: building bin/confer with what frontend/dist holds (the placeholder on a fresh clone)"
	say "(install Node.js 20+ and npm to get the real web interface)"
elif [ ! -f frontend/package.json ]; then
	say "frontend/package.json not found: building bin/confer without a SPA"
else
	say "building the SPA (frontend/dist)"
	build_spa
fi

say "building bin/confer"
go build -o bin/confer .
