#!/usr/bin/env bash
# The one command that runs every test (`make test` calls it; so does CI):
#   formatting and vet, unit and conversation tests, the Matrix tests against a real Dendrite
#   and the XMPP tests against a real Prosody (both installed/built, started on loopback and
#   stopped here), the unit and conversation tests again on PostgreSQL (a throwaway server,
#   likewise), then a short run of every fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
export CGO_ENABLED=0
# The toolchain go.mod names; the throwaway Dendrite is still built with the local Go.
export GOTOOLCHAIN=${GOTOOLCHAIN_FOLKMOOT:-go1.27.3}
export FOLKMOOT_TESTENV=${FOLKMOOT_TESTENV:-$(mktemp -d /tmp/folkmoot-testenv.XXXXXX)}
export FOLKMOOT_CACHE=${FOLKMOOT_CACHE:-$HOME/.cache/folkmoot}

step() { printf '\n== %s\n' "$*" >&2; }

step "gofmt and go vet"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change:" >&2
	echo "$unformatted" >&2
	exit 1
fi
go vet -tags goolm ./...

step "static build"
go build -tags goolm -o /dev/null ./cmd/folkmoot

stop_servers() {
	./scripts/dendrite.sh stop || true
	./scripts/prosody.sh stop || true
	./scripts/postgres.sh stop || true
}
trap stop_servers EXIT

step "print tools for the digests' tests (poppler, chromium) and python3"
./scripts/print-tools.sh

step "start Dendrite (Matrix), Prosody (XMPP) and PostgreSQL on loopback"
./scripts/dendrite.sh start
./scripts/prosody.sh start
./scripts/postgres.sh start
set -a
for f in "$FOLKMOOT_TESTENV"/*.env; do
	# shellcheck disable=SC1090
	. "$f"
done
set +a

# The adapters' tests against the real servers run after the others, one package at a time:
# run beside the CPU-heavy unit tests (PDF, fuzz seeds), the servers and the bot answer late
# on 2 cores, and the XMPP restart test's timing-bound checks stop meaning what they test.
adapters='folkmoot/bot/matrix|folkmoot/bot/xmpp'
step "unit and conversation tests (the print tests require their tools)"
FOLKMOOT_REQUIRE_SERVERS=1 go test -tags goolm -count=1 -timeout 30m $(go list -tags goolm ./... | grep -vE "^($adapters)\$")

# The same tests on the second store: each test gets a fresh schema of the throwaway
# PostgreSQL (store/storetest), dropped at its end. One package at a time: two cores, and the
# server is a third party to every test.
step "unit and conversation tests again, on PostgreSQL"
FOLKMOOT_TEST_DATABASE_URL=$FOLKMOOT_TEST_POSTGRES_URL FOLKMOOT_REQUIRE_SERVERS=1 \
	go test -tags goolm -count=1 -timeout 30m -p 1 $(go list -tags goolm ./... | grep -vE "^($adapters)\$")

# bot/xmpp holds the failover tests too (issue 25): two `folkmoot run` processes of the built
# binary on the throwaway PostgreSQL, one killed, the database paused and resumed
# (scripts/postgres.sh pause/resume); one package at a time, so no other test sees the pause.
step "Matrix and XMPP adapters against Dendrite and Prosody, and the failover on PostgreSQL"
FOLKMOOT_REQUIRE_SERVERS=1 go test -tags goolm -count=1 -timeout 30m -p 1 $(go list -tags goolm ./... | grep -E "^($adapters)\$")

step "fuzz targets, briefly"
# An iteration count, not a duration: a timed -fuzztime can end with a spurious
# "context deadline exceeded" on a busy machine.
FUZZTIME=${FUZZTIME:-3000x} ./scripts/fuzz.sh
