#!/usr/bin/env bash
# Runs every Fuzz* target for a short while: FUZZTIME is a duration (10s, the default)
# or an iteration count (3000x). The conversation fuzzers (FuzzConversation*) run whole
# conversations, and the renderer fuzzers (FuzzRender*) whole PDF documents, each a few
# hundred times slower than a parser's input: they get CONVERSATION_FUZZTIME, by default 100x
# when FUZZTIME is a count (`make test`) and 2m when it is a duration (`make fuzz`). They
# minimize a new input once (CONVERSATION_MINIMIZE, 1x): with the default minute of minimizing
# per new input, a 3-minute run tried 46 conversations instead of about 1,400 (a failing one is
# at most 40 steps, readable as it is).
set -euo pipefail
cd "$(dirname "$0")/.."
export CGO_ENABLED=0
fuzztime=${FUZZTIME:-10s}
case "$fuzztime" in
*x) convtime=${CONVERSATION_FUZZTIME:-100x} ;;
*) convtime=${CONVERSATION_FUZZTIME:-2m} ;;
esac
for pkg in $(go list -tags goolm ./...); do
	dir=$(go list -tags goolm -f '{{.Dir}}' "$pkg")
	for fn in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
		t=$fuzztime
		minimize=()
		case "$fn" in FuzzConversation* | FuzzRender*)
			t=$convtime
			minimize=(-fuzzminimizetime "${CONVERSATION_MINIMIZE:-1x}")
			;;
		esac
		echo "fuzz $pkg $fn ($t)"
		go test -tags goolm -run '^$' -fuzz "^${fn}\$" -fuzztime "$t" ${minimize[@]+"${minimize[@]}"} "$pkg"
	done
done
