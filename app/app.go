// Package app wires folkmoot together: configuration, the database, the scheduler, the
// command dispatcher and the bot runtime. main, the console and the test kit all build
// folkmoot through it, so they run the same core.
package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/config"
	"folkmoot/schedule"
	"folkmoot/store"
)

// App is one running folkmoot.
type App struct {
	Config     *config.Config
	DB         *store.DB
	Sched      *schedule.Scheduler
	Dispatcher *commands.Dispatcher
	Bot        *bot.Bot
	Log        zerolog.Logger
	Now        func() time.Time
	closers    []func() error
}

// New opens the database in cfg.DataDir (running migrations) and builds the core. now is the
// clock: time.Now in production, a fake one in tests and the console.
func New(ctx context.Context, cfg *config.Config, log zerolog.Logger, now func() time.Time) (*App, error) {
	db, err := store.OpenDir(ctx, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, DB: db, Log: log, Now: now}
	a.Sched = schedule.New(db, now, cfg.GraceWindow.Duration, log.With().Str("component", "schedule").Logger())
	env := &commands.Env{DB: db, Sched: a.Sched, Config: cfg, Now: now, Names: botNames(cfg)}
	a.Dispatcher, err = commands.New(env)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("commands: %w", err)
	}
	a.Bot = bot.New(a.Dispatcher, db, log, now)
	env.Transport = a.Bot.Transport
	a.Sched.OnFired(func() { a.afterJobs(context.WithoutCancel(ctx)) })
	return a, nil
}

// afterJobs runs after scheduled jobs committed: their notices are delivered, and the native
// polls of votes they closed are ended (a poll that could not be ended is retried next time).
func (a *App) afterJobs(ctx context.Context) {
	a.Bot.Wake()
	for _, t := range a.Bot.Transports() {
		if _, ok := t.(bot.Poller); ok {
			a.Dispatcher.EndPolls(ctx, t)
		}
	}
}

// Run runs the scheduler and every transport until ctx is done.
func (a *App) Run(ctx context.Context) error {
	a.afterJobs(ctx) // polls left open by a stop
	schedDone := make(chan error, 1)
	go func() { schedDone <- a.Sched.Run(ctx) }()
	err := a.Bot.Run(ctx)
	if errors.Is(err, context.Canceled) {
		err = nil
	}
	<-schedDone
	return err
}

// Tick fires the jobs due at the clock's now and delivers what they queued. The console and
// the test kit call it after moving their clock; a real deployment's loops do it by themselves.
func (a *App) Tick(ctx context.Context) error {
	if _, err := a.Sched.FireDue(ctx); err != nil {
		return err
	}
	a.Bot.Flush(ctx)
	return nil
}

// Close closes the transports that hold resources, then the database.
func (a *App) Close() error {
	for _, c := range a.closers {
		_ = c()
	}
	return a.DB.Close()
}

// botNames are the names people address the bot by: "folkmoot", its Matrix localpart and
// its XMPP nicks.
func botNames(cfg *config.Config) []string {
	names := []string{"folkmoot"}
	if m := cfg.Matrix; m != nil {
		local, _, _ := strings.Cut(strings.TrimPrefix(m.UserID, "@"), ":")
		names = append(names, local)
	}
	if x := cfg.XMPP; x != nil {
		for _, r := range x.Rooms {
			names = append(names, r.Nick)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}
