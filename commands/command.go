// Package commands is folkmoot's command engine and its commands: the parser, the registry
// of declared commands, the dispatcher (parse -> permission check -> handler -> reply), and
// one file per command family.
package commands

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/schedule"
	"folkmoot/store"
)

// Perm is who may run a command.
type Perm int

const (
	// Anyone in the room.
	Anyone Perm = iota
	// FacilitatorLevel: the room's current facilitator(s), room admins (Matrix power level,
	// XMPP moderators and owners) and the bot admins of the config.
	FacilitatorLevel
)

// Command is one command, declared as a value and listed in All. Help comes from these
// fields, never from comments.
type Command struct {
	Name     string
	Aliases  []string
	Section  string
	Synopsis string // arguments after the name, e.g. "[<IANA zone>]"
	Help     string // one or two sentences
	Examples []string
	Flags    []Flag
	Perm     Perm
	// ShowsWithoutArgs: without arguments the command only shows something (`!tz`), so Perm
	// applies only when arguments are given (`!tz Europe/Paris`).
	ShowsWithoutArgs bool
	// Who says who may use it when that depends on the arguments (the handler checks);
	// help and the README show it instead of what Perm implies.
	Who string
	// NeedsIdentity refuses members whose real identity the transport cannot see: they may
	// talk but not vote, hold a role, take a task or a mandate.
	NeedsIdentity bool
	// Ballot marks commands whose very name is a choice (!agree, !block): logs call them
	// "vote", so a secret ballot never shows up in them.
	Ballot bool
	Run    func(ctx context.Context, r *Request) (bot.Reply, error)
}

// Env is what every command can reach: passed down from main, never global.
type Env struct {
	DB     *store.DB
	Sched  *schedule.Scheduler
	Config *config.Config
	Now    func() time.Time
	// Names the bot answers to when addressed ("folkmoot: help").
	Names    []string
	Registry *Registry
	// Transport finds the transport of a protocol, for scheduled jobs that need one (the
	// members of a room when a vote closes); nil in tests without transports.
	Transport func(bot.Protocol) bot.Transport
}

// Request is one command being run.
type Request struct {
	*Env
	Ctx       context.Context
	Transport bot.Transport
	Msg       bot.Message
	Room      bot.Room
	Sender    bot.Member
	Command   *Command
	Args      Args
	Loc       *time.Location // the room's timezone
	At        time.Time      // when the command is handled (the injected clock)
}

// Log is the request's logger, with room, sender, protocol and command fields.
func (r *Request) Log() *zerolog.Logger { return zerolog.Ctx(r.Ctx) }

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

// roomMessage turns a handler error into what the room sees. Internal errors are logged
// with a reference and shown only as that reference.
func roomMessage(r *Request, err error) bot.Reply {
	var ue *UserError
	var usage *UsageError
	switch {
	case errors.As(err, &ue):
		return bot.Text(ue.Msg)
	case errors.As(err, &usage):
		return bot.Text(usageText(r.Config.CommandPrefix, r.Command, usage.Problem))
	default:
		ref := bot.NewRef()
		r.Log().Error().Err(err).Str("ref", ref).Msg("command failed")
		return bot.SomethingWentWrong(ref)
	}
}
