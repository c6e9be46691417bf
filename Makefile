# folkmoot: one static binary. CGO is off and the goolm tag selects mautrix's pure-Go crypto;
# every target here uses both so nobody forgets.
export CGO_ENABLED := 0
# The toolchain go.mod names (fetched once through the module proxy, about 80 MB).
export GOTOOLCHAIN := go1.27.3
GOFLAGS_TAGS := -tags goolm
GO ?= go

.PHONY: build test unit vet fmt fuzz vulncheck bench bench-matrix bench-rooms console clean readme-commands

build:
	$(GO) build $(GOFLAGS_TAGS) -trimpath -o bin/folkmoot ./cmd/folkmoot

# Every test, the Matrix (Dendrite) and XMPP (Prosody) integration tests included: the script
# installs and starts the servers it needs and stops them at the end.
test:
	./scripts/test.sh

# Only the tests that need no server.
unit:
	$(GO) test $(GOFLAGS_TAGS) ./...

vet:
	$(GO) vet $(GOFLAGS_TAGS) ./...
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed:"; gofmt -l .; exit 1)

fmt:
	gofmt -w .

# A short run of every fuzz target (FUZZTIME=1m for longer).
fuzz:
	./scripts/fuzz.sh

# Known vulnerabilities reachable from folkmoot's code (exit status 3 when there are some).
# The checker is built from scripts/pins/vuln; the database is the vulndb module's data/osv folder,
# read from the module cache as a local database, since the checker's own server is out of reach.
VULNDB_VERSION ?= v0.0.0-20261105234957-e22db6528018
vulncheck:
	cd scripts/pins/vuln && $(GO) build -o ../../../bin/govulncheck golang.org/x/vuln/cmd/govulncheck
	db=$$(cd scripts/pins/vuln && $(GO) mod download -json golang.org/x/vulndb@$(VULNDB_VERSION) | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$$/\1/p') && \
	test -d "$$db/data/osv" && bin/govulncheck -tags goolm -db "file://$$db/data/osv" ./...

# The last lines compare the two stores on the same work: SQLite, and PostgreSQL too when
# FOLKMOOT_TEST_DATABASE_URL names a server (scripts/postgres.sh start writes one's URL).
bench:
	$(GO) test $(GOFLAGS_TAGS) -run '^$$' -bench . -benchmem ./rotation/ ./timeparse/ ./feature/tasks/
	$(GO) test $(GOFLAGS_TAGS) -run '^$$' -bench '100k$$' -benchmem ./schedule/
	$(GO) test $(GOFLAGS_TAGS) -run '^$$' -bench . -benchmem -benchtime 3x ./minutes/ ./feature/meetings/
	$(GO) test $(GOFLAGS_TAGS) -run '^$$' -bench '^Benchmark(Command|Echo|Burst)' -benchmem ./app/
	$(GO) test $(GOFLAGS_TAGS) -run '^$$' -bench Megolm -benchmem ./bot/matrix/
	@test -n "$$FOLKMOOT_TEST_DATABASE_URL" || echo "bench: FOLKMOOT_TEST_DATABASE_URL is not set: the stores' benchmarks run on SQLite only"
	$(GO) test $(GOFLAGS_TAGS) -run '^$$' -bench '^BenchmarkStores(Command|Scheduler)' -benchmem ./app/ ./schedule/
	$(GO) test $(GOFLAGS_TAGS) -run '^$$' -bench '^BenchmarkStoresDigest' -benchmem -benchtime 3x ./app/
	$(GO) test $(GOFLAGS_TAGS) -run '^$$' -bench '^BenchmarkStoresMigrate' -benchtime 1x ./app/

# Command -> reply latency through a throwaway Dendrite, folkmoot against a bare echo client.
# Its own FOLKMOOT_TESTENV, so the stop at the end never stops a server `make test` uses.
BENCH_TESTENV ?= /tmp/folkmoot-bench-matrix
bench-matrix:
	export FOLKMOOT_TESTENV=$(BENCH_TESTENV); trap './scripts/dendrite.sh stop' EXIT; \
	./scripts/dendrite.sh start && set -a && . "$(BENCH_TESTENV)/dendrite.env" && set +a && \
	$(GO) test $(GOFLAGS_TAGS) -run '^$$' -bench BenchmarkIntegrationLatency -benchtime 1x ./bot/matrix/

# CPU and memory per command in many encrypted rooms: folkmoot and a bare mautrix echo bot as
# processes on a throwaway Dendrite, BENCH_ROOMS rooms each (about 15 minutes for 1,000).
BENCH_ROOMS ?= 1000
bench-rooms:
	export FOLKMOOT_TESTENV=$(BENCH_TESTENV) FOLKMOOT_BENCH_ROOMS=$(BENCH_ROOMS); trap './scripts/dendrite.sh stop' EXIT; \
	./scripts/dendrite.sh start && set -a && . "$(BENCH_TESTENV)/dendrite.env" && set +a && \
	$(GO) test $(GOFLAGS_TAGS) -run '^$$' -bench BenchmarkIntegrationRoomsCost -benchtime 1x -timeout 60m ./bot/matrix/

# Regenerate the README's command reference from the registry (a test checks it is current).
readme-commands:
	$(GO) run $(GOFLAGS_TAGS) ./cmd/folkmoot commands > README.commands.tmp
	awk 'FNR==NR { ref = ref $$0 "\n"; next } /<!-- commands:end -->/ { skip = 0 } !skip { print } /<!-- commands:begin -->/ { printf "%s", ref; skip = 1 }' README.commands.tmp README.md > README.md.tmp
	mv README.md.tmp README.md; rm -f README.commands.tmp

console:
	$(GO) run $(GOFLAGS_TAGS) ./cmd/folkmoot console $(ARGS)

clean:
	rm -rf bin
