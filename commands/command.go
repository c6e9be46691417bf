// Package commands is folkmoot's command engine: declared commands and their registry, the
// parser and Args, help's synopses, the engine that runs a message's command (parse -> guards
// -> handler -> reply) and room-safe errors. It knows no feature, no store and no room: the
// guards' questions about a room are answered behind Guards, which the app provides.
package commands

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// Level is who may run a command by standing in the room.
type Level int

const (
	// Anyone in the room.
	Anyone Level = iota
	// FacilitatorLevel: the room's current facilitator(s), room admins (Matrix power level,
	// XMPP moderators and owners) and the bot admins of the config.
	FacilitatorLevel
)

// Guard declares who may run a command; the engine checks it once, before the handler.
type Guard struct {
	Level Level
	// Owners, when set, names members who may run the command although they are not of
	// Level: the opener of the vote or the delegate of the mandate the arguments name. It
	// may store what it found in Request.Subject for the handler, and may return a room-safe
	// error (no such vote) that is answered as is.
	Owners func(ctx context.Context, r *Request) ([]string, error)
	// Policy, when set, decides the level from the room's settings (who may open votes).
	Policy func(ctx context.Context, r *Request) (Level, error)
	// Refusal, when set, words the refusal ("Only whoever opened #3 (ana), ..."); the
	// default names the command.
	Refusal func(r *Request, facilitators []bot.Member) string
}

// Command is one command, declared as a value and listed by its feature. Its help is in the
// feature's catalog (see HelpText), never in comments.
type Command struct {
	Name    string
	Aliases []string
	// Phrases are two-word ways people say the command ("stand aside" for !aside): "!stand
	// aside" runs it as if its name had been typed.
	Phrases []string
	Section string
	Flags   []Flag
	Guard   Guard
	// ShowsWithoutArgs: without arguments the command only shows something (`!tz`), so the
	// guard applies only when arguments are given (`!tz Europe/Paris`).
	ShowsWithoutArgs bool
	// NeedsIdentity refuses members whose real identity the transport cannot see: they may
	// talk but not vote, hold a role, take a task or a mandate.
	NeedsIdentity bool
	// Ballot marks commands that cast a ballot (!agree, !block, `!vote 3 object`): logs call
	// them "vote" and the meeting log keeps a placeholder, so a secret choice never shows up
	// in either.
	Ballot bool
	// Subcommands are chosen by the first word (`!vote close 3`); one named "" takes any
	// other first word (`!vote 3 agree`). Each has its own guard, flags and handler.
	Subcommands []*Command
	// Rules are the keys of the room's rules the command changes when given arguments
	// (!lang es): the app lets the room's rule keeper refuse or record the change.
	Rules []string
	// Run handles the command; with Subcommands, it handles the command given alone.
	Run func(ctx context.Context, r *Request) (bot.Reply, error)

	parent *Command // set by the registry for subcommands
}

// FullName is the command as people type it: "vote close" for a subcommand.
func (c *Command) FullName() string {
	if c.parent == nil {
		return c.Name
	}
	if c.Name == "" {
		return c.parent.Name
	}
	return c.parent.Name + " " + c.Name
}

// Synopsis is how a command is typed, its arguments named in l: "!vote close <id>", for
// usage lines and help.
func Synopsis(l *words.Lang, prefix string, c *Command) string {
	s := prefix + c.FullName()
	if args := c.ArgsText(l); args != "" {
		s += " " + args
	}
	return s
}

// Guards answers what a command's guard asks about the room; the app provides it (from the
// room's facts: its facilitators, its admins).
type Guards interface {
	// Facilitator reports whether the member is facilitator-level in the room, and who the
	// room's facilitators are (for the refusal).
	Facilitator(ctx context.Context, tx *sql.Tx, t bot.Transport, room bot.Room, m bot.Member) (bool, []bot.Member, error)
	// NotFacilitator words the refusal of a facilitator-level command (what it is: cmd), in
	// the room's language l.
	NotFacilitator(l *words.Lang, facilitators []bot.Member, cmd string) string
	// Anonymous words the refusal of a command that needs an identity to a member whose real
	// address the transport cannot see (once at length, then briefly), in tx, in l.
	Anonymous(ctx context.Context, tx *sql.Tx, l *words.Lang, room bot.Room, m bot.Member, at time.Time) (string, error)
}

// Env is what every command can reach: passed down from main, never global.
type Env struct {
	Config *config.Config
	Now    func() time.Time
	// Names the bot answers to when addressed ("folkmoot: help").
	Names    []string
	Registry *Registry
	Guards   Guards
	// Settings are a room's timezone and language (the configured defaults where it has
	// none), read in tx at once: every command needs both.
	Settings func(ctx context.Context, tx *sql.Tx, room bot.Room) (*time.Location, *words.Lang)
	// Transport finds the transport of a protocol, for scheduled jobs that need one (the
	// members of a room when a vote closes); nil in tests without transports.
	Transport func(bot.Protocol) bot.Transport
}

// Request is one command being run.
type Request struct {
	*Env
	// Tx is the event's transaction: everything the command reads and writes goes through
	// it, and commits with its reply.
	Tx        *sql.Tx
	Ctx       context.Context
	Transport bot.Transport
	Msg       bot.Message
	Room      bot.Room
	Sender    bot.Member
	Command   *Command
	Args      Args
	Loc       *time.Location // the room's timezone
	Lang      *words.Lang    // the room's language
	At        time.Time      // when the command is handled (the injected clock)
	// Subject is what a guard's Owners found in the arguments (the vote to close), for the
	// handler to use rather than look up again.
	Subject any
	// also holds what the handler says in the room after its reply (Also); private what it
	// says to the sender alone (Tell).
	also, private []bot.Reply
}

// Also says something more in the room after the command's reply (a file to post), through
// the outbox with it.
func (r *Request) Also(reply bot.Reply) { r.also = append(r.also, reply) }

// Tell says something to the sender alone, beside the command's reply: it travels with the
// reply through the outbox and reaches the sender privately, where the transport can
// (bot.PrivateSender); elsewhere it is never posted. CanTell says whether it will arrive.
func (r *Request) Tell(reply bot.Reply) {
	reply.To = r.Sender.ID
	r.private = append(r.private, reply)
}

// CanTell reports whether Tell reaches the sender: the transport has a private channel and
// the sender a stable identity.
func (r *Request) CanTell() bool {
	_, ok := r.Transport.(bot.PrivateSender)
	return ok && r.Sender.ID != "" && !r.Sender.Anonymous
}

// Log is the request's logger, with room, sender, protocol and command fields.
func (r *Request) Log() *zerolog.Logger { return zerolog.Ctx(r.Ctx) }

// Prefix is the command prefix ("!").
func (r *Request) Prefix() string { return r.Config.CommandPrefix }

// UserError is a problem the person can fix; its text is safe to show in the room.
type UserError struct{ Msg string }

func (e *UserError) Error() string { return e.Msg }

// Userf makes a room-safe error.
func Userf(format string, args ...any) error { return &UserError{Msg: fmt.Sprintf(format, args...)} }

// UsageError means the arguments did not fit; the reply shows the command's synopsis.
type UsageError struct{ Problem string }

func (e *UsageError) Error() string { return e.Problem }

// Usagef makes a usage error with a short description of what was wrong ("" for none).
func Usagef(format string, args ...any) error {
	return &UsageError{Problem: fmt.Sprintf(format, args...)}
}

// RoomSafe is an error whose text may be shown in the room as it is (a domain package's
// rule: "A block needs a reason.").
type RoomSafe interface {
	error
	RoomSafe()
}

// roomMessage turns a handler error into what the room sees, in its language. Internal
// errors are logged with a reference and shown only as that reference.
func roomMessage(r *Request, err error) bot.Reply {
	var ue *UserError
	var usage *UsageError
	var worded words.Problem
	var safe RoomSafe
	switch {
	case errors.As(err, &ue):
		return bot.Text(ue.Msg)
	case errors.As(err, &usage):
		return bot.Text(usageText(r.Lang, r.Prefix(), r.Command, usage.Problem))
	case errors.As(err, &worded):
		return bot.Text(worded.SayIn(r.Lang))
	case errors.As(err, &safe):
		return bot.Text(safe.Error())
	default:
		ref := bot.NewRef()
		r.Log().Error().Err(err).Str("ref", ref).Msg("command failed")
		return bot.SomethingWentWrong(r.Lang, ref)
	}
}

// Time shows a time in the room's timezone, relative to now ("Fri 27 Nov 18:00 CET, in 2 days").
func (r *Request) Time(t time.Time) string { return timeparse.Format(r.Lang, t, r.At, r.Loc) }

// RoomLang is a room's language, read in tx; English where the app gave no Settings (a
// test's bare engine).
func (e *Env) RoomLang(ctx context.Context, tx *sql.Tx, room bot.Room) *words.Lang {
	_, l := e.settings(ctx, tx, room)
	return l
}

// Location is a room's timezone, read in tx; UTC where the app gave no Settings.
func (e *Env) Location(ctx context.Context, tx *sql.Tx, room bot.Room) *time.Location {
	loc, _ := e.settings(ctx, tx, room)
	return loc
}

func (e *Env) settings(ctx context.Context, tx *sql.Tx, room bot.Room) (*time.Location, *words.Lang) {
	if e.Settings == nil {
		return time.UTC, words.For(words.English)
	}
	return e.Settings(ctx, tx, room)
}

// TransportFor is the transport of a room's network, or nil (tests without transports).
func (e *Env) TransportFor(room bot.Room) bot.Transport {
	if e.Transport == nil {
		return nil
	}
	return e.Transport(room.Protocol)
}
