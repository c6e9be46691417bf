#!/usr/bin/env bash
# Runs every Fuzz* target for a short while: FUZZTIME is a duration (10s, the default)
# or an iteration count (3000x). The conversation fuzzers (FuzzConversation*) run whole
# conversations, and the renderer fuzzers (FuzzRender*) whole PDF documents, each a few
# hundred times slower than a parser's input: they get CONVERSATION_FUZZTIME, by default 100x
# when FUZZTIME is a count (`make test`) and 2m when it is a duration (`make fuzz`).
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
		case "$fn" in FuzzConversation* | FuzzRender*) t=$convtime ;; esac
		echo "fuzz $pkg $fn ($t)"
		go test -tags goolm -run '^$' -fuzz "^${fn}\$" -fuzztime "$t" "$pkg"
	done
done
