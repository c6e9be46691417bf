// Package cli is folkmoot's command line: run (connecting the configured networks), console,
// config example, commands and version.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"folkmoot/app"
	"folkmoot/app/host"
	"folkmoot/bot"
	"folkmoot/bot/console"
	"folkmoot/commands"
	"folkmoot/config"
	"folkmoot/facts"
	"folkmoot/feature/archive"
	"folkmoot/feature/basics"
	"folkmoot/feature/meetings"
	"folkmoot/store"
)

// Version is set at build time with -ldflags "-X folkmoot/app/cli.Version=v1.2.3".
var Version = "dev"

const usage = `folkmoot — a chat bot for self-governing groups

Usage:
  folkmoot run --config FILE   connect to the configured Matrix and XMPP servers (on PostgreSQL,
                               once this process holds the lease: others wait as standbys)
  folkmoot status [--config FILE]
                               which process is active (PostgreSQL), and the queues' lengths
  folkmoot console [--data DIR] [--fresh]
                               a local room in this terminal, no server needed; its data is
                               in ./folkmoot-data (or DIR) and carries on from the last time;
                               --fresh moves it aside and starts anew
  folkmoot digest --room ROOM --since DATE [--format pdf|html|txt] [--out DIR] [--config FILE | --data DIR]
                               write a print-ready digest of a room's meetings
  folkmoot archive [--out DIR] [--config FILE | --data DIR]
                               write the public archive (a static website of the rooms that
                               opted in) into DIR, the configuration's archive.dir by default
  folkmoot backup --out FILE [--config FILE | --data DIR]
                               write a consistent copy of the database, while folkmoot runs
  folkmoot restore --from FILE [--config FILE | --data DIR]
                               put a backup in place (stop folkmoot first); the database it
                               replaces is kept beside it
  folkmoot migrate --to postgres://… [--from FILE] [--config FILE | --data DIR]
                               copy the SQLite file's data into an empty PostgreSQL database
                               and check the copy (see the README: Moving to PostgreSQL)
  folkmoot config example      print a commented example configuration
  folkmoot commands            print the command reference (Markdown)
  folkmoot version             print the version
`

// Main runs the command line and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "run":
		err = runCmd(args[1:], stderr)
	case "status":
		err = statusCmd(args[1:], stdout, stderr)
	case "console":
		err = consoleCmd(args[1:], stdin, stdout, stderr)
	case "digest":
		err = digestCmd(args[1:], stdout, stderr)
	case "archive":
		err = archiveCmd(args[1:], stdout, stderr)
	case "backup":
		err = backupCmd(args[1:], stdout, stderr)
	case "restore":
		err = restoreCmd(args[1:], stdout, stderr)
	case "migrate":
		err = migrateCmd(args[1:], stdout, stderr)
	case "config":
		if len(args) == 2 && args[1] == "example" {
			_, err = stdout.Write(config.Example())
		} else {
			err = errors.New("usage: folkmoot config example")
		}
	case "commands":
		reg, rerr := commands.NewRegistry(commandList())
		if rerr != nil {
			err = rerr
		} else {
			fmt.Fprint(stdout, basics.Reference(reg, "!"))
		}
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "folkmoot", version())
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "folkmoot: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "folkmoot:", err)
		return 1
	}
	return 0
}

func version() string {
	if Version != "dev" {
		return Version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return Version
}

func runCmd(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "folkmoot.yaml", "configuration file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(*path)
	if err != nil {
		return err
	}
	if cfg.Matrix == nil && cfg.XMPP == nil {
		return fmt.Errorf("%s configures neither matrix nor xmpp: nothing to connect to (try `folkmoot console`)", *path)
	}
	log := NewLogger(cfg.Log, stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if cfg.DatabaseURL != "" {
		return runStandby(ctx, cfg, log)
	}
	a, err := app.New(ctx, cfg, log, time.Now)
	if err != nil {
		return err
	}
	defer a.Close()
	return runApp(ctx, a, cfg.DataDir)
}

// runApp connects the networks and runs folkmoot until ctx is done.
func runApp(ctx context.Context, a *app.App, where string) error {
	log := a.Log
	if err := AddNetworks(ctx, a); err != nil {
		log.Error().Err(err).Msg("could not set up a network; exiting")
		return err
	}
	log.Info().Str("version", version()).Str("data", where).Msg("folkmoot running")
	// A network that fails for good ends the run with its error even while the other one
	// works: the exit status is non-zero, so the service manager restarts folkmoot and the
	// failure shows in its status instead of a bot that is silently half up.
	if err := a.Run(ctx); err != nil {
		log.Error().Err(err).Msg("folkmoot stopped on an error; exiting non-zero")
		return err
	}
	log.Info().Msg("folkmoot stopped")
	return nil
}

func consoleCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("console", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := config.Default()
	// One person at a terminal, often piping a script: no flood to guard against.
	cfg.Limits.CommandBurst = 1000
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory")
	fresh := fs.Bool("fresh", false, "start afresh: move the data directory aside (it is kept, renamed) and begin with none")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// The console tries either store: FOLKMOOT_DATABASE_URL puts it on PostgreSQL.
	cfg.DatabaseURL = os.Getenv("FOLKMOOT_DATABASE_URL")
	if err := cfg.Validate(); err != nil {
		return err
	}
	var where string
	if cfg.DatabaseURL != "" {
		if *fresh {
			return errors.New("--fresh moves a data folder aside; the data is in PostgreSQL (FOLKMOOT_DATABASE_URL): use an empty database instead")
		}
		where = "Data: PostgreSQL at " + store.RedactURL(cfg.DatabaseURL) + " (FOLKMOOT_DATABASE_URL)."
	} else {
		w, err := prepareData(cfg.DataDir, *fresh, time.Now())
		if err != nil {
			return err
		}
		where = w
	}
	fmt.Fprintln(stdout, where)
	log := NewLogger(config.Log{Level: "warn", Format: "pretty"}, stderr)
	clock := console.NewClock(time.Now)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := app.New(ctx, cfg, log, clock.Now)
	if err != nil {
		return err
	}
	defer a.Close()
	// One loop fires the console's timers at a time: the console's /time steps and the
	// second-by-second ticker below share this lock, so no job is read as due by two loops.
	var ticking sync.Mutex
	tick := func(ctx context.Context) {
		ticking.Lock()
		defer ticking.Unlock()
		if err := a.Tick(ctx); err != nil && ctx.Err() == nil {
			log.Error().Err(err).Msg("firing timers")
		}
	}
	zone := func() *time.Location {
		if tz, err := facts.RoomTimezone(ctx, a.DB, console.Room); err == nil && tz != "" {
			if loc, err := time.LoadLocation(tz); err == nil {
				return loc
			}
		}
		return cfg.Location()
	}
	con := console.New(stdin, stdout, clock, tick, isTerminal(stdout) && isTerminalReader(stdin), zone)
	con.StepBy(a.Sched.Next)
	a.Add(con)
	// The console's end of input ends the run; a ticker keeps firing timers meanwhile, for
	// someone who waits at the terminal.
	ctx, cancel := context.WithCancel(ctx)
	schedDone := make(chan struct{})
	go func() {
		defer close(schedDone)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				tick(ctx)
			}
		}
	}()
	err = con.Run(ctx, a.Bot.Inbox(con))
	cancel()
	<-schedDone
	return err
}

// digestCmd writes a digest of a room's meetings to a folder, for whoever takes it to the
// print shop: the same digest as !digest, from the database, without connecting anywhere.
func digestCmd(args []string, stdout, stderr io.Writer) (err error) {
	defer func() { // a bug in making the digest is said in one line, not a stack trace
		if p := recover(); p != nil {
			err = fmt.Errorf("digest: could not be made: %v", p)
		}
	}()
	fs := flag.NewFlagSet("digest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	loadConfig := offlineFlags(fs)
	roomArg := fs.String("room", "", "the room: matrix:!id:server, xmpp:room@server, or its bare address")
	since := fs.String("since", "", "the first day covered, like 2026-11-01 (default: a week ago)")
	format := fs.String("format", "", "pdf, html or txt (default: the first configured format)")
	out := fs.String("out", ".", "folder to write the digest into")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	room, ok := bot.ParseRoomAddress(*roomArg)
	if !ok {
		return errors.New("digest: say which room with --room, like --room matrix:!abc:example.org")
	}
	f := strings.ToLower(*format)
	if f == "" {
		f = "pdf"
		if len(cfg.Digests.Formats) > 0 {
			f = strings.ToLower(cfg.Digests.Formats[0])
		}
	}
	if f != "pdf" && f != "html" && f != "txt" {
		return fmt.Errorf("digest: --format is pdf, html or txt, not %q", *format)
	}
	ctx := context.Background()
	db, err := host.OpenStore(ctx, store.Location(cfg.DataDir, cfg.DatabaseURL), app.Features())
	if err != nil {
		return err
	}
	defer db.Close()
	now := time.Now()
	loc := facts.Location(ctx, db, room, cfg.Location())
	from := now.AddDate(0, 0, -7)
	if *since != "" {
		if from, err = meetings.ParseSince(*since, now, loc); err != nil {
			return fmt.Errorf("digest: --since: %w", err)
		}
	}
	_, written, err := app.MeetingHooks().WriteDigest(ctx, db, cfg, room, from, now, loc, f, *out)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, written)
	return nil
}

func isTerminalReader(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// commandList is every feature's commands, for the reference.
func commandList() []*commands.Command {
	var cmds []*commands.Command
	for _, f := range app.Features() {
		cmds = append(cmds, f.Commands...)
	}
	return cmds
}

// backupCmd writes a consistent copy of the database to --out, folkmoot running or not.
func backupCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	loadConfig := offlineFlags(fs)
	out := fs.String("out", "", "the backup file to write (it must not exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("backup: say where with --out, like --out folkmoot-2026-12-07.db")
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	if err := notOnPostgres(cfg, "backup"); err != nil {
		return err
	}
	file := filepath.Join(cfg.DataDir, store.FileName)
	if err := store.Backup(context.Background(), file, *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backed up %s to %s.\n", file, *out)
	return nil
}

// restoreCmd puts the backup --from in place as the database, keeping the one it replaces.
func restoreCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	loadConfig := offlineFlags(fs)
	from := fs.String("from", "", "the backup file to restore")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" {
		return errors.New("restore: say which backup with --from FILE")
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	if err := notOnPostgres(cfg, "restore"); err != nil {
		return err
	}
	kept, err := host.Restore(context.Background(), *from, cfg.DataDir, app.Features(), time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Restored %s into %s.\n", *from, cfg.DataDir)
	if kept != "" {
		fmt.Fprintf(stdout, "The database it replaced is kept as %s.\n", kept)
	}
	return nil
}

// defaultConfig is the built-in configuration of a command run without a file: the data
// dir's SQLite file, or PostgreSQL when FOLKMOOT_DATABASE_URL says so (a file reads it too).
func defaultConfig() *config.Config {
	cfg := config.Default()
	cfg.DatabaseURL = os.Getenv("FOLKMOOT_DATABASE_URL")
	return cfg
}

// notOnPostgres refuses a command about the SQLite file (backup, restore) when the
// configuration or FOLKMOOT_DATABASE_URL puts the data in PostgreSQL.
func notOnPostgres(cfg *config.Config, what string) error {
	if cfg.DatabaseURL == "" {
		return nil
	}
	return fmt.Errorf("%s: folkmoot's data is in PostgreSQL (%s), and %s works on the SQLite file in data_dir; "+
		"use PostgreSQL's own tools (pg_dump, pg_restore)", what, store.RedactURL(cfg.DatabaseURL), what)
}

// offlineFlags declares --config and --data, which every command that works on the data
// without connecting takes, and returns what reads the configuration they give.
func offlineFlags(fs *flag.FlagSet) func() (*config.Config, error) {
	path := fs.String("config", "", "configuration file (default: the built-in defaults)")
	data := fs.String("data", "", "data directory (default: the configuration's data_dir)")
	return func() (*config.Config, error) { return offlineConfig(*path, *data) }
}

// offlineConfig is the configuration of a command that works on the data without
// connecting: the file --config names (its features' sections read), else the defaults,
// with --data's directory when given.
func offlineConfig(path, data string) (*config.Config, error) {
	cfg := defaultConfig()
	if path != "" {
		var err error
		if cfg, err = config.Load(path); err != nil {
			return nil, err
		}
	}
	if err := host.ReadSections(cfg, app.Features()); err != nil {
		return nil, err
	}
	if data != "" {
		cfg.DataDir = data
	}
	return cfg, nil
}

// archiveCmd writes the public archive from the database, folkmoot running or not: the
// same site as the scheduled build, into --out or the configuration's archive.dir.
func archiveCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("archive", flag.ContinueOnError)
	fs.SetOutput(stderr)
	loadConfig := offlineFlags(fs)
	out := fs.String("out", "", "the folder to write the site into (default: the configuration's archive.dir)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	dir := *out
	if dir == "" {
		dir = archive.Dir(cfg)
	}
	if dir == "" {
		return errors.New("archive: say where with --out, like --out public-archive (or set archive.dir in the configuration)")
	}
	ctx := context.Background()
	db, err := host.OpenStore(ctx, store.Location(cfg.DataDir, cfg.DatabaseURL), app.Features())
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := archive.Build(ctx, db, cfg, app.ArchiveSources(), dir, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote the public archive of %d rooms (%d meetings, %d files) to %s.\n", rep.Rooms, rep.Meetings, rep.Pages, dir)
	return nil
}
