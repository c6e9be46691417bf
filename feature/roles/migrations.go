package roles

import "embed"

// migrations are this feature's schema steps, numbered in the store's one sequence (the
// roles' tables themselves are older than features' own steps: the store's 0002).
//
//go:embed migrations/*.sql
var migrations embed.FS
