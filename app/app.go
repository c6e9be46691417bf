// Package app wires folkmoot together: the one list of its features (features.go) on the
// host that runs them (app/host). main, the console and the command line build folkmoot
// through it, so they run the same core.
package app

import (
	"context"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/app/host"
	"folkmoot/config"
	"folkmoot/store"
)

// App is one running folkmoot.
type App = host.App

// New opens the database in cfg.DataDir (running migrations) and builds folkmoot with every
// feature. now is the clock: time.Now in production, a fake one in tests and the console.
func New(ctx context.Context, cfg *config.Config, log zerolog.Logger, now func() time.Time) (*App, error) {
	logFonts(cfg, log)
	return host.New(ctx, cfg, log, now, Features())
}

// NewOn builds folkmoot with every feature on db, a store already opened with their
// migrations (host.OpenStore with Features()).
func NewOn(ctx context.Context, cfg *config.Config, log zerolog.Logger, now func() time.Time, db *store.DB) (*App, error) {
	logFonts(cfg, log)
	return host.NewOn(ctx, cfg, log, now, Features(), db)
}
