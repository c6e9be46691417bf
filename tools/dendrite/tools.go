//go:build tools

// Package tools records the Dendrite commands scripts/dendrite.sh builds, so `go mod tidy`
// keeps their dependencies in go.sum.
package tools

import (
	_ "github.com/element-hq/dendrite/cmd/create-account"
	_ "github.com/element-hq/dendrite/cmd/dendrite"
	_ "github.com/element-hq/dendrite/cmd/generate-config"
	_ "github.com/element-hq/dendrite/cmd/generate-keys"
)
