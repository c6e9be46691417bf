package commands

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/schedule"
	"folkmoot/store"
)

// All is the one explicit list of commands, family by family; each family's file declares
// its commands and lists them in its own function.
func All() []*Command {
	return slices.Concat(basicCommands(), roleCommands(), mandateCommands(), voteCommands())
}

// JobKind is a kind of scheduled job that commands create (a vote closing, a reminder).
type JobKind struct {
	Name       string
	AlwaysFire bool
	Run        func(ctx context.Context, env *Env, tx *sql.Tx, job schedule.Job) error
}

// allJobKinds is the one explicit list of scheduled job kinds, family by family.
func allJobKinds() []JobKind {
	return slices.Concat(roleJobKinds(), mandateJobKinds(), voteJobKinds())
}

// Dispatcher turns messages into command runs: parse, permission check, handler, reply.
// It implements bot.Handler.
type Dispatcher struct {
	env *Env
}

// New builds the registry from All, registers the job kinds with the scheduler and returns
// the dispatcher. A duplicate command name is an error here, at start-up.
func New(env *Env) (*Dispatcher, error) {
	reg, err := NewRegistry(All())
	if err != nil {
		return nil, err
	}
	env.Registry = reg
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Sched != nil {
		for _, k := range allJobKinds() {
			env.Sched.Register(k.Name, schedule.Kind{AlwaysFire: k.AlwaysFire, Handle: func(ctx context.Context, tx *sql.Tx, j schedule.Job) error {
				return k.Run(ctx, env, tx, j)
			}})
		}
	}
	return &Dispatcher{env: env}, nil
}

// Handle implements bot.Handler.
func (d *Dispatcher) Handle(ctx context.Context, t bot.Transport, msg bot.Message) []bot.Reply {
	// Every speaker becomes a known member of the room, so commands can resolve the names
	// people type and list who has not voted yet.
	if err := store.SeenMember(ctx, d.env.DB, msg.Room, msg.Sender, msg.Time); err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("record member")
	}
	prefix := d.env.Config.CommandPrefix
	inv, ok := Parse(msg.Text, prefix, d.env.Names, msg.Mentioned)
	if !ok {
		return nil
	}
	cmd, found := d.env.Registry.Lookup(inv.Name)
	if !found {
		return []bot.Reply{bot.Text(unknownCommand(d.env.Registry, prefix, inv.Name))}
	}
	logName := cmd.Name
	if cmd.Ballot {
		logName = "vote" // the name itself is a choice, and ballots may be secret
	}
	log := zerolog.Ctx(ctx).With().Str("command", logName).Logger()
	ctx = log.WithContext(ctx)
	r := &Request{Env: d.env, Ctx: ctx, Transport: t, Msg: msg, Room: msg.Room, Sender: msg.Sender, Command: cmd, At: d.env.Now()}
	r.Loc = roomLocation(ctx, d.env, d.env.DB, msg.Room)
	args, err := ParseArgs(inv.Rest, cmd.Flags)
	if err != nil {
		return []bot.Reply{bot.Text(usageText(prefix, cmd, err.Error()))}
	}
	r.Args = args
	if refusal, err := d.refuse(r); err != nil || refusal != "" {
		if err != nil {
			return []bot.Reply{roomMessage(r, err)}
		}
		return []bot.Reply{bot.Text(refusal)}
	}
	log.Debug().Msg("running command")
	reply, err := cmd.Run(ctx, r)
	if err != nil {
		return []bot.Reply{roomMessage(r, err)}
	}
	if reply.IsZero() {
		return nil
	}
	return []bot.Reply{reply}
}

// refuse returns why the sender may not run the command, or "" when they may. This is the
// one place permissions are checked.
func (d *Dispatcher) refuse(r *Request) (string, error) {
	if r.Command.NeedsIdentity && r.Sender.Anonymous {
		return d.anonymousRefusal(r)
	}
	if r.Command.Perm != FacilitatorLevel || (r.Command.ShowsWithoutArgs && len(r.Args.Words) == 0 && len(r.Args.Flags) == 0) {
		return "", nil
	}
	ok, facilitators, err := IsFacilitatorLevel(r.Ctx, r.Env, r.Transport, r.Room, r.Sender)
	if err != nil || ok {
		return "", err
	}
	who := "the room's facilitator"
	if len(facilitators) > 0 {
		names := make([]string, len(facilitators))
		for i, f := range facilitators {
			names[i] = f.Display()
		}
		who = "the facilitator (" + strings.Join(names, ", ") + ")"
	}
	return fmt.Sprintf("Only %s, room admins or bot admins may use %s%s.", who, r.Config.CommandPrefix, r.Command.Name), nil
}

// anonymousRefusal explains once per member why someone whose real address the bot cannot
// see may not vote or hold a role; later refusals are short.
func (d *Dispatcher) anonymousRefusal(r *Request) (string, error) {
	key := r.Room.Key() + "|" + r.Sender.ID
	_, told, err := r.DB.Get(r.Ctx, "anonymous-told", key)
	if err != nil {
		return "", err
	}
	if told {
		return fmt.Sprintf("%s: not from an address I can't see (see my earlier message).", r.Sender.Display()), nil
	}
	if err := r.DB.Set(r.Ctx, "anonymous-told", key, r.At.UTC().Format(time.RFC3339)); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s: I can't see your real address in this room, so you can talk but not vote, hold a role, "+
		"or take a task or mandate. A room owner can make the room non-anonymous or give me moderator rights.", r.Sender.Display()), nil
}

// IsFacilitatorLevel reports whether a member is facilitator-level in a room: a current
// facilitator, a room admin according to the transport, or a bot admin. It also returns the
// current facilitators, for messages.
func IsFacilitatorLevel(ctx context.Context, env *Env, t bot.Transport, room bot.Room, m bot.Member) (bool, []bot.Member, error) {
	if m.Anonymous {
		return false, nil, nil
	}
	if slices.Contains(env.Config.Admins, m.ID) {
		return true, nil, nil
	}
	facilitators, err := currentFacilitators(ctx, env, room)
	if err != nil {
		return false, nil, err
	}
	for _, f := range facilitators {
		if f.ID == m.ID {
			return true, facilitators, nil
		}
	}
	if ac, ok := t.(bot.AdminChecker); ok {
		admin, err := ac.IsRoomAdmin(ctx, room, m)
		if err != nil {
			return false, facilitators, fmt.Errorf("room admin lookup: %w", err)
		}
		return admin, facilitators, nil
	}
	return false, facilitators, nil
}

// roomLocation is the room's timezone, or the configured default. q may be a transaction:
// scheduled jobs have no Request.
func roomLocation(ctx context.Context, env *Env, q store.Querier, room bot.Room) *time.Location {
	tz, err := store.RoomTimezone(ctx, q, room)
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("read room timezone; using the default")
	}
	if tz != "" {
		if loc, err := time.LoadLocation(tz); err == nil {
			return loc
		}
	}
	return env.Config.Location()
}

func unknownCommand(reg *Registry, prefix, name string) string {
	if s := reg.Suggest(name); s != "" {
		return fmt.Sprintf("Unknown command `%s%s`. Did you mean `%s%s`?", prefix, name, prefix, s)
	}
	return fmt.Sprintf("Unknown command `%s%s`. Say `%shelp` for the list.", prefix, name, prefix)
}

// usageText shows what was wrong and how the command is used.
func usageText(prefix string, c *Command, problem string) string {
	var b strings.Builder
	if problem != "" {
		b.WriteString(upperFirst(problem))
		if !strings.HasSuffix(problem, ".") {
			b.WriteString(".")
		}
		b.WriteString(" ")
	}
	fmt.Fprintf(&b, "Usage: %s", synopsis(prefix, c))
	if len(c.Examples) > 0 {
		fmt.Fprintf(&b, " — e.g. %s%s", prefix, c.Examples[0])
	}
	return b.String()
}

func synopsis(prefix string, c *Command) string {
	s := prefix + c.Name
	if c.Synopsis != "" {
		s += " " + c.Synopsis
	}
	return s
}

func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
