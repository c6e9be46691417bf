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
	"folkmoot/facts"
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
	logFonts(cfg, log)
	a.Sched = schedule.New(db, now, cfg.GraceWindow.Duration, log.With().Str("component", "schedule").Logger())
	env := &commands.Env{
		DB: db, Sched: a.Sched, Config: cfg, Now: now, Names: botNames(cfg),
		IsFacilitatorLevel: func(ctx context.Context, q store.Querier, t bot.Transport, room bot.Room, m bot.Member) (bool, []bot.Member, error) {
			return facts.IsFacilitatorLevel(ctx, q, cfg.Admins, t, room, m)
		},
		Location: func(ctx context.Context, q store.Querier, room bot.Room) *time.Location {
			return facts.Location(ctx, q, room, cfg.Location())
		},
	}
	a.Sched.Speak(cfg.CommandPrefix, env.Location) // its notices name commands and times as the room does
	a.Dispatcher, err = commands.New(env, Features())
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("commands: %w", err)
	}
	a.Bot = bot.New(a.Dispatcher, db, log, now)
	env.Transport = a.Bot.Transport
	// Jobs queue their notices (and poll endings) in the outbox in their own transaction;
	// the runtime delivers them, so the scheduler never waits on the network.
	a.Sched.OnFired(a.Bot.Wake)
	// An event may have added a job due before the one the scheduler sleeps until; the
	// wake must come after the commit that makes the job visible.
	a.Bot.AfterCommit(a.Sched.Wake)
	return a, nil
}

// Run runs the scheduler and every transport until ctx is done.
func (a *App) Run(ctx context.Context) error {
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

// Add registers a transport with the runtime, with its network's catch-up window.
func (a *App) Add(t bot.Transport) { a.Bot.Add(t, catchUp(a.Config, t.Protocol())) }

// defaultXMPPCatchUp is XMPP's catch-up window when the config sets none (Matrix's default
// is set when the config is read).
const defaultXMPPCatchUp = 15 * time.Minute

// catchUp is how old a network's event may be and still be run; the console's lines are
// always live.
func catchUp(cfg *config.Config, p bot.Protocol) time.Duration {
	switch {
	case p == bot.Matrix && cfg.Matrix != nil:
		return cfg.Matrix.CatchUp.Duration
	case p == bot.XMPP && cfg.XMPP != nil:
		return cfg.XMPP.CatchUpOr(defaultXMPPCatchUp)
	}
	return 0
}

// OnClose adds something Close closes before the database (a transport's store).
func (a *App) OnClose(c func() error) { a.closers = append(a.closers, c) }

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
