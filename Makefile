# Confer: `make` lists the targets. The work is done by the scripts in scripts/.
.DEFAULT_GOAL := help
.PHONY: help run build test bench fmt clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z]+:.*## / {printf "  make %-6s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: build ## build everything and run the demo at http://localhost:8080 (SQLite in ./data)
	CONFER_DEMO=1 ./bin/confer serve

build: ## build the SPA (when Node is here) and bin/confer
	scripts/build.sh

test: ## run every test suite (Go on SQLite and PostgreSQL, frontend, browser)
	scripts/test.sh

bench: ## run the benchmarks in scripts/bench/
	scripts/bench.sh

fmt: ## format Go code (and the frontend, if it has an npm "fmt" script)
	gofmt -l -w $$(git ls-files -co --exclude-standard '*.go')
	@if [ -f frontend/package.json ] && command -v npm >/dev/null; then cd frontend && npm run --if-present fmt; fi

clean: ## remove build output (bin/, frontend/dist) but not ./data
	rm -rf bin
	find frontend/dist -mindepth 1 ! -name .gitkeep -delete 2>/dev/null || true
