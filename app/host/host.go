// Package host assembles folkmoot from a list of features: it opens the store with their
// migrations, registers their commands with the engine and their jobs with the scheduler, and
// puts them on the runtime's road (road.go). app gives it the one list of features; the test
// kit gives it the features a test needs.
package host

import (
	"context"
	"database/sql"
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
	"folkmoot/feature"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/words"
)

// App is one running folkmoot.
type App struct {
	Config   *config.Config
	DB       *store.DB
	Sched    *schedule.Scheduler
	Env      *commands.Env
	Bot      *bot.Bot
	Log      zerolog.Logger
	Now      func() time.Time
	Features []feature.Feature
	closers  []func() error
}

// New opens the database in cfg.DataDir, or at cfg.DatabaseURL, (running migrations) and builds the core with the
// features. now is the clock: time.Now in production, a fake one in tests and the console.
func New(ctx context.Context, cfg *config.Config, log zerolog.Logger, now func() time.Time, features []feature.Feature) (*App, error) {
	if err := ReadSections(cfg, features); err != nil {
		return nil, err
	}
	db, err := OpenStore(ctx, store.Location(cfg.DataDir, cfg.DatabaseURL), features)
	if err != nil {
		return nil, err
	}
	a, err := NewOn(ctx, cfg, log, now, features, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

// NewOn builds the core with the features on db, a store already opened with their
// migrations (OpenStore): `run` on PostgreSQL opens it first to wait for the lease, and
// builds the core (whose start writes) only once it holds it. The App closes db; on an
// error the caller does.
func NewOn(ctx context.Context, cfg *config.Config, log zerolog.Logger, now func() time.Time, features []feature.Feature, db *store.DB) (*App, error) {
	if err := ReadSections(cfg, features); err != nil {
		return nil, err
	}
	a := &App{Config: cfg, DB: db, Log: log, Now: now, Features: features}
	if err := tellGoneLanguages(ctx, db, cfg, now()); err != nil {
		return nil, err
	}
	a.Sched = schedule.New(db, now, cfg.GraceWindow.Duration, log.With().Str("component", "schedule").Logger())
	// A room's language, the configured default when it has none: the engine's, the
	// scheduler's own notices' and the runtime's, all read the same way.
	lang := func(ctx context.Context, q store.Querier, room bot.Room) *words.Lang {
		return facts.Lang(ctx, q, room, cfg.Language)
	}
	a.Env = &commands.Env{
		Config: cfg, Now: now, Names: botNames(cfg), Guards: guards{cfg: cfg},
		Settings: func(ctx context.Context, tx *sql.Tx, room bot.Room) (*time.Location, *words.Lang) {
			return facts.Settings(ctx, tx, room, cfg.Location(), cfg.Language)
		},
	}
	// The scheduler's own notices name commands and times as the room does, in its language.
	a.Sched.Speak(cfg.CommandPrefix, func(ctx context.Context, q store.Querier, room bot.Room) *time.Location {
		return facts.Location(ctx, q, room, cfg.Location())
	}, lang)
	var cmds []*commands.Command
	for _, f := range features {
		cmds = append(cmds, f.Commands...)
		for _, j := range f.Jobs {
			a.Sched.Register(j.Name, schedule.Kind{AlwaysFire: j.AlwaysFire, Handle: func(ctx context.Context, tx *sql.Tx, job schedule.Job) error {
				return j.Run(ctx, a.Env, tx, job)
			}})
		}
	}
	for _, f := range features {
		if f.RuleKeeper != nil {
			cmds = keepRules(cmds, f.RuleKeeper)
		}
	}
	engine, err := commands.New(a.Env, cmds)
	if err != nil {
		return nil, fmt.Errorf("commands: %w", err)
	}
	a.Bot = bot.New(newRoad(a, engine), db, log, now)
	a.Bot.SpeakIn(func(ctx context.Context, tx *sql.Tx, room bot.Room) *words.Lang { return lang(ctx, tx, room) })
	lim := cfg.Limits
	a.Bot.LimitCommands(bot.NewLimiter(lim.CommandBurst, lim.CommandRefill.Duration), func(msg bot.Message) bool {
		_, isCommand := commands.Parse(msg.Text, a.Env.Config.CommandPrefix, a.Env.Names, msg.Mentioned)
		return isCommand
	})
	a.Env.Transport = a.Bot.Transport
	// Jobs queue their notices (and poll endings) in the outbox in their own transaction;
	// the runtime delivers them, so the scheduler never waits on the network.
	a.Sched.OnFired(a.Bot.Wake)
	a.Sched.TakeTurns(a.Bot.Turns())
	// An event may have added a job due before the one the scheduler sleeps until; the
	// wake must come after the commit that makes the job visible.
	a.Bot.AfterCommit(a.Sched.Wake)
	return a, nil
}

// keepRules puts the rule keeper around every command that changes a rule. It copies the
// commands it changes: a feature's declared commands are shared by every app in the process.
func keepRules(cmds []*commands.Command, keeper func(context.Context, *commands.Request, func() (bot.Reply, error)) (bot.Reply, error)) []*commands.Command {
	out := make([]*commands.Command, len(cmds))
	for i, c := range cmds {
		kept := *c
		kept.Subcommands = keepRules(c.Subcommands, keeper)
		if run := c.Run; len(c.Rules) > 0 && run != nil {
			kept.Run = func(ctx context.Context, r *commands.Request) (bot.Reply, error) {
				return keeper(ctx, r, func() (bot.Reply, error) { return run(ctx, r) })
			}
		}
		out[i] = &kept
	}
	return out
}

// ReadSections reads each feature's section of the config file into the feature's settings
// (its defaults where the file is silent) and checks it, naming the key of what is wrong; a
// top-level key no feature owns is refused, as a typo would be.
func ReadSections(cfg *config.Config, features []feature.Feature) error {
	owned := map[string]bool{}
	var errs []error
	for _, f := range features {
		sec := f.Config
		if sec == nil {
			continue
		}
		owned[sec.Key] = true
		if cfg.Section(sec.Key) != nil {
			continue // set by whoever built the config (a test)
		}
		if err := cfg.ReadSection(sec.Key, sec.Value); err != nil {
			errs = append(errs, err)
			continue
		}
		if sec.Check != nil {
			if err := sec.Check(); err != nil {
				errs = append(errs, err)
				continue
			}
		}
		cfg.SetSection(sec.Key, sec.Value)
	}
	for key := range cfg.Sections {
		if !owned[key] {
			errs = append(errs, fmt.Errorf("%s: no part of folkmoot reads this key (a typo?)", key))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("config: %w", errors.Join(errs...))
	}
	return nil
}

// OpenStore opens the database at location (store.Location: the SQLite file in data_dir, or
// database_url) with the store's migrations and the features'.
func OpenStore(ctx context.Context, location string, features []feature.Feature) (*store.DB, error) {
	steps, err := Migrations(features)
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, location, steps...)
}

// Migrations are the features' schema steps, each feature's list.
func Migrations(features []feature.Feature) ([][]store.Migration, error) {
	var steps [][]store.Migration
	for _, f := range features {
		if f.Migrations == nil {
			continue
		}
		ms, err := store.ReadMigrations(f.Migrations)
		if err != nil {
			return nil, fmt.Errorf("feature %s: %w", f.Name, err)
		}
		steps = append(steps, ms)
	}
	return steps, nil
}

// Restore puts a backup in place as the database of dataDir (see store.Restore): the backup
// is opened first with the features' migrations, so one from an older folkmoot is brought up
// to date and one from a newer folkmoot is refused, and nothing is replaced.
func Restore(ctx context.Context, from, dataDir string, features []feature.Feature, now time.Time) (kept string, err error) {
	steps, err := Migrations(features)
	if err != nil {
		return "", err
	}
	return store.Restore(ctx, from, dataDir, now, func(ctx context.Context, path string) error {
		db, err := store.Open(ctx, path, steps...)
		if err != nil {
			return err
		}
		var check string
		if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&check); err != nil || check != "ok" {
			db.Close()
			return fmt.Errorf("the backup is damaged: %v %s", err, check)
		}
		return db.Close()
	})
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
	names = slices.Compact(names)
	slices.SortStableFunc(names, bot.LongestFirst) // as bot.StripAddress reads them
	return names
}

// guards answers the engine's questions about a room from the room's facts and the config's
// bot admins.
type guards struct{ cfg *config.Config }

func (g guards) Facilitator(ctx context.Context, tx *sql.Tx, t bot.Transport, room bot.Room, m bot.Member) (bool, []bot.Member, error) {
	return facts.IsFacilitatorLevel(ctx, tx, g.cfg.Admins, t, room, m)
}

func (guards) NotFacilitator(l *words.Lang, facilitators []bot.Member, cmd string) string {
	return facts.NotFacilitator(l, facilitators, cmd)
}

func (guards) Anonymous(ctx context.Context, tx *sql.Tx, l *words.Lang, room bot.Room, m bot.Member, at time.Time) (string, error) {
	return facts.AnonymousRefusal(ctx, tx, l, room, m, at)
}

// tellGoneLanguages moves the rooms whose language this release no longer ships back to the
// configured language, each told so through the outbox.
func tellGoneLanguages(ctx context.Context, db *store.DB, cfg *config.Config, now time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		gone, err := facts.ForgetGoneLanguages(ctx, tx, cfg.Language, cfg.CommandPrefix, now)
		for _, g := range gone {
			if err := store.PutReply(ctx, tx, g.Room, bot.Text(g.Notice)); err != nil {
				return err
			}
		}
		return err
	})
}
