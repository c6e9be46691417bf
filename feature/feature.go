// Package feature is what a feature of folkmoot is: its commands, its kinds of scheduled job,
// its lines of !status, what it does with every message and poll answer, its migrations and
// its config section. Each feature is a package below this one; app lists them, and no
// feature imports another (they meet through hooks, which app connects).
package feature

import (
	"context"
	"database/sql"
	"io/fs"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/config"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/words"
)

// Feature is one unit of folkmoot.
type Feature struct {
	Name     string
	Commands []*commands.Command
	Jobs     []Job
	// Status adds lines to !status.
	Status func(ctx context.Context, r *commands.Request) ([]string, error)
	// OnMessage sees every message said in a room, commands included, before it is parsed
	// (a meeting's log, a reminder of who has the floor), in the event's transaction. It must
	// be cheap when it has nothing to do, and speaks only through the outbox, in tx.
	OnMessage Handler
	// OnPoll takes an answer to a native poll (a message with Poll set), as OnMessage.
	OnPoll Handler
	// OnReaction takes a member's reaction to a message (a message with Reaction set), as
	// OnMessage.
	OnReaction Handler
	// OnPollPosted learns the ID of a native poll the runtime posted for what the feature
	// queued it for (Reply.PollFor), in a transaction of its own; a feature ignores what is
	// not its own. An error makes the runtime post again (without posting twice where the
	// network can tell) and tell again.
	OnPollPosted func(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, pollFor, pollID string) error
	// Migrations are the feature's schema steps: files NNNN_name.sql, numbered in the one
	// sequence the store runs.
	Migrations fs.FS
	// Config is the feature's section of the config file, when it has one.
	Config *Section
	// Rules are the room's rules the feature owns: !rules shows them, and the room may change
	// them by vote.
	Rules []Rule
	// RuleKeeper, when set, runs every command that changes a rule (commands.Command.Rules):
	// it may refuse it (the room changes its rules by vote) and records who changed what.
	// Only the rules feature sets it.
	RuleKeeper func(ctx context.Context, r *commands.Request, run func() (bot.Reply, error)) (bot.Reply, error)
	// PersonalData, when set, is what the feature keeps about a member, for !mydata and
	// !forget: every feature that stores a member's ID or name declares it.
	PersonalData *PersonalData
}

// PersonalData is how a feature hands a member what it keeps about them and forgets it. Both
// work in one room: a member's data in another room is that room's.
type PersonalData struct {
	// Export is what the feature keeps about the member, in titled sections worded in the
	// data's language: their own data alone, nothing of anyone else, and never a secret
	// ballot (a file can be forwarded). No section when there is nothing.
	Export func(ctx context.Context, q store.Querier, d DataOf) ([]DataSection, error)
	// Forget erases what is only the member's (private reminders, group memberships) and puts
	// pseudonym in the place of their ID and name where the assembly's record must stay true
	// (ballots, logs, terms), in tx. When it must wait (a ballot in a vote still open would
	// count twice) it returns a room-safe error in l, and the caller undoes everything.
	Forget func(ctx context.Context, tx *sql.Tx, l *words.Lang, room bot.Room, member, pseudonym string) error
}

// DataOf is whose data is asked for, where, and how to word it.
type DataOf struct {
	Room   bot.Room
	Member string // the member's ID
	Lang   *words.Lang
	Loc    *time.Location
}

// Time writes a time of the data plainly, in the room's timezone: "2026-11-25 10:00".
func (d DataOf) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(d.Loc).Format("2006-01-02 15:04")
}

// DataSection is one titled part of a member's data: a line per thing kept.
type DataSection struct {
	Title string
	Lines []string
}

// Rule is one of a room's rules.
type Rule struct {
	Key   string // what members type: "quorum", "language"
	Title string // its name in the owning feature's catalog
	// Read is the rule's value in the room, worded in l.
	Read func(ctx context.Context, env *commands.Env, q store.Querier, room bot.Room, l *words.Lang) (string, error)
	// Set changes it to a typed value inside tx; a value it cannot take is a room-safe error in
	// l, and nothing is changed. Nil when only the operator changes it, in the configuration.
	Set func(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, l *words.Lang, value string, at time.Time) error
	// Default is the value a room has until it changes the rule, which a review may go back to.
	Default func(env *commands.Env) string
	// Command, for a rule without Set that the room still changes, is the command that does
	// (the roles: "role"), named where a vote cannot change it.
	Command string
}

// Handler is what a feature does with an event, inside the event's transaction; an error
// undoes its writes (and only its own).
type Handler func(ctx context.Context, env *commands.Env, tx *sql.Tx, t bot.Transport, msg bot.Message) error

// Job is a kind of scheduled job a feature creates (a vote closing, a reminder). Run is
// called inside the transaction that claims the job, so its effects and notices commit with it.
type Job struct {
	Name       string
	AlwaysFire bool
	Run        func(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error
}

// Section is a feature's part of the config file: the top-level key it owns and a value
// holding its defaults, into which the section is read; Check validates it once read, naming
// the key of what is wrong. The read value is what config.Config.Section returns.
type Section struct {
	Key   string
	Value any
	Check func() error
}

// SectionOf is the section a feature reads under key, as the host read it into c, else the
// defaults def makes (a config built without the host, in a test).
func SectionOf[T any](c *config.Config, key string, def func() *T) *T {
	if v, ok := c.Section(key).(*T); ok {
		return v
	}
	return def()
}
