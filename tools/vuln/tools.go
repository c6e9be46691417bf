//go:build tools

// Package tools records the govulncheck command `make vulncheck` builds, so `go mod tidy`
// keeps its dependencies in go.sum.
package tools

import _ "golang.org/x/vuln/cmd/govulncheck"
