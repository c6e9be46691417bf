// Module vuln pins govulncheck for `make vulncheck` (its tool line). It is a module of its
// own so the checker's dependencies never enter folkmoot's go.mod (go install pkg@version
// does not work behind this module proxy).
module folkmoot/scripts/pins/vuln

go 1.26.0

tool golang.org/x/vuln/cmd/govulncheck

require golang.org/x/vuln v1.9.0

require (
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/telemetry v0.0.0-20261010193011-f71dc92da45e // indirect
	golang.org/x/tools v0.52.0 // indirect
)
