package mandates

import "embed"

// migrations are this feature's schema steps, numbered in the store's one sequence (the
// mandates table itself is older than features' own steps: the store's 0002).
//
//go:embed migrations/*.sql
var migrations embed.FS
