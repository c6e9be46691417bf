#!/usr/bin/env bash
# Runs every Fuzz* target for a short while: FUZZTIME is a duration (10s, the default)
# or an iteration count (3000x).
set -euo pipefail
cd "$(dirname "$0")/.."
export CGO_ENABLED=0
fuzztime=${FUZZTIME:-10s}
for pkg in $(go list -tags goolm ./...); do
	dir=$(go list -tags goolm -f '{{.Dir}}' "$pkg")
	for fn in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
		echo "fuzz $pkg $fn ($fuzztime)"
		go test -tags goolm -run '^$' -fuzz "^${fn}\$" -fuzztime "$fuzztime" "$pkg"
	done
done
