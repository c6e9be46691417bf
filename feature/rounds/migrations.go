package rounds

import "embed"

// migrations are this feature's schema steps, numbered in the store's one sequence.
//
//go:embed migrations/*.sql
var migrations embed.FS
