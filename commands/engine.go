package commands

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/phrase"
	"folkmoot/words"
)

// maxCommandBytes bounds what one command may ask the bot to read; anything longer is
// refused before it is parsed, so no message costs unbounded work.
const maxCommandBytes = 4096

// Engine runs the command a message holds: parse, guards, handler, reply.
type Engine struct {
	env *Env
}

// New builds the registry of cmds into env and returns the engine. A duplicate command name
// is an error here, at start-up.
func New(env *Env, cmds []*Command) (*Engine, error) {
	reg, err := NewRegistry(cmds)
	if err != nil {
		return nil, err
	}
	env.Registry = reg
	if env.Now == nil {
		env.Now = time.Now
	}
	return &Engine{env: env}, nil
}

// Run runs the command a message holds, if any, in tx, the event's transaction: its replies,
// or an error (a bot.Answer when the room is to hear why) that undoes what it wrote.
func (d *Engine) Run(ctx context.Context, tx *sql.Tx, t bot.Transport, msg bot.Message) ([]bot.Reply, error) {
	inv, ok := Parse(msg.Text, d.env.Config.CommandPrefix, d.env.Names, msg.Mentioned)
	if !ok {
		return nil, nil
	}
	prefix := d.env.Config.CommandPrefix
	loc, lang := d.env.settings(ctx, tx, msg.Room)
	if len(msg.Text) > maxCommandBytes {
		return []bot.Reply{bot.Text(lang.Say("commands.too_long", "Size", (len(msg.Text)+1023)/1024, "Limit", maxCommandBytes/1024))}, nil
	}
	cmd, rest, found := d.env.lookup(lang, inv)
	if !found {
		return []bot.Reply{bot.Text(UnknownCommand(lang, d.env.Registry, prefix, inv.Name, inv.Rest))}, nil
	}
	inv.Rest = rest
	r := &Request{Env: d.env, Tx: tx, Transport: t, Msg: msg, Room: msg.Room, Sender: msg.Sender, Command: cmd, At: d.env.Now()}
	r.Ctx = withCommand(ctx, cmd)
	r.Loc, r.Lang = loc, lang
	args, err := ParseArgs(inv.Rest, cmd.Flags)
	if err != nil {
		return []bot.Reply{bot.Text(usageText(r.Lang, prefix, cmd, problemIn(r.Lang, err)))}, nil
	}
	r.Args = args
	if sub := subcommand(cmd, args); sub != nil {
		r.Command, r.Args = sub, args
		if sub.Name != "" {
			r.Args = args.shift()
		}
		if err := checkFlags(prefix, cmd, sub, r.Args); err != nil {
			return []bot.Reply{bot.Text(usageText(r.Lang, prefix, sub, problemIn(r.Lang, err)))}, nil
		}
		r.Ctx = withCommand(ctx, sub)
	}
	if refusal, err := d.refuse(r); err != nil || refusal != "" {
		if err != nil {
			return nil, &bot.Answer{Replies: []bot.Reply{roomMessage(r, err)}}
		}
		return []bot.Reply{bot.Text(refusal)}, nil
	}
	r.Log().Debug().Msg("running command")
	if r.Command.Run == nil {
		return []bot.Reply{roomMessage(r, &UsageError{Problem: r.Lang.Say("commands.usage.say_what")})}, nil
	}
	reply, err := r.Command.Run(r.Ctx, r)
	if err != nil {
		// What the handler wrote is undone; the room hears why.
		return nil, &bot.Answer{Replies: []bot.Reply{roomMessage(r, err)}}
	}
	return append(append([]bot.Reply{reply}, r.also...), r.private...), nil
}

// withCommand puts the command's name in the logger; a ballot logs as "vote", so a secret
// choice never shows up in the logs.
func withCommand(ctx context.Context, c *Command) context.Context {
	name := c.FullName() // "vote close"; "vote" for `!vote 3 agree`
	if c.Ballot {
		name = "vote"
	}
	log := zerolog.Ctx(ctx).With().Str("command", name).Logger()
	return log.WithContext(ctx)
}

// Invoked is the command or subcommand a message would run in a room speaking l, or nil when
// it holds none; it runs nothing and checks no permission (the meeting log asks whether a
// message is a ballot).
func (e *Env) Invoked(l *words.Lang, msg bot.Message) *Command {
	if e.Registry == nil || e.Config == nil {
		return nil
	}
	inv, ok := Parse(msg.Text, e.Config.CommandPrefix, e.Names, msg.Mentioned)
	if !ok {
		return nil
	}
	cmd, rest, found := e.lookup(l, inv)
	if !found {
		return nil
	}
	args, err := ParseArgs(rest, cmd.Flags)
	if err != nil {
		return cmd
	}
	if sub := subcommand(cmd, args); sub != nil {
		return sub
	}
	return cmd
}

// lookup finds the command an invocation names in a room speaking l, by name or alias, as a
// two-word phrase ("stand aside"), or by a name in l, and the rest of its text. English comes
// first, phrases included: German's "stand" (!status) never takes "!stand aside" from !aside.
func (e *Env) lookup(l *words.Lang, inv Invocation) (*Command, string, bool) {
	if cmd, ok := e.Registry.Lookup(nil, inv.Name); ok {
		return cmd, inv.Rest, true
	}
	if cmd, rest, ok := e.Registry.LookupPhrase(inv.Name, inv.Rest); ok {
		return cmd, rest, true
	}
	cmd, ok := e.Registry.Lookup(l, inv.Name)
	return cmd, inv.Rest, ok
}

// subcommand picks the subcommand the first word names, or the catch-all one ("").
func subcommand(c *Command, a Args) *Command {
	if len(c.Subcommands) == 0 || len(a.Words) == 0 {
		return nil
	}
	first := strings.ToLower(a.Words[0])
	var any *Command
	for _, s := range c.Subcommands {
		if s.Name == "" {
			any = s
			continue
		}
		if s.Name == first || slices.Contains(s.Aliases, first) {
			return s
		}
	}
	return any
}

// checkFlags refuses options that the chosen subcommand does not take (the parent declares
// the union of its subcommands' options), naming the subcommand that takes them.
func checkFlags(prefix string, parent, sub *Command, a Args) error {
	for name := range a.Flags {
		if _, ok := findFlag(sub.Flags, name); ok {
			continue
		}
		for _, other := range parent.Subcommands {
			if _, ok := findFlag(other.Flags, name); ok {
				return words.Problemf("commands.args.goes_with", "Flag", other.Flags[0].Name, "Command", prefix+other.FullName())
			}
		}
		return notAccepted("commands.args.not_here", name, sub.Flags)
	}
	return nil
}

// refuse returns why the sender may not run the command, or "" when they may. This is the
// one place permissions are checked.
func (d *Engine) refuse(r *Request) (string, error) {
	c := r.Command
	if c.ShowsWithoutArgs && onlyShows(r) {
		return "", nil
	}
	if c.NeedsIdentity && r.Sender.Anonymous {
		return d.env.Guards.Anonymous(r.Ctx, r.Tx, r.Lang, r.Room, r.Sender, r.At)
	}
	level := c.Guard.Level
	if c.Guard.Policy != nil {
		var err error
		if level, err = c.Guard.Policy(r.Ctx, r); err != nil {
			return "", err
		}
	}
	if c.Guard.Owners != nil {
		owners, err := c.Guard.Owners(r.Ctx, r)
		if err != nil {
			return "", err
		}
		if !r.Sender.Anonymous && slices.Contains(owners, r.Sender.ID) {
			return "", nil
		}
		level = FacilitatorLevel
	}
	if level != FacilitatorLevel {
		return "", nil
	}
	ok, facilitators, err := d.env.Guards.Facilitator(r.Ctx, r.Tx, r.Transport, r.Room, r.Sender)
	if err != nil || ok {
		return "", err
	}
	if c.Guard.Refusal != nil {
		return c.Guard.Refusal(r, facilitators), nil
	}
	return d.env.Guards.NotFacilitator(r.Lang, facilitators, r.Prefix()+r.Command.FullName()), nil
}

// onlyShows reports whether the command was given nothing to change: no arguments, or for a
// catch-all subcommand only the object it names (`!vote 3`).
func onlyShows(r *Request) bool {
	words := len(r.Args.Words)
	if r.Command.parent != nil && r.Command.Name == "" {
		words--
	}
	return words <= 0 && len(r.Args.Flags) == 0
}

// UnknownCommand answers, in l, a command name nobody declared: the nearest one (an English
// name or one of l's, as the nearest is written), and how to say it (nothing was done, so the
// person must say it again).
func UnknownCommand(l *words.Lang, reg *Registry, prefix, name, rest string) string {
	name = phrase.Clip(name, 40)
	if s := reg.Suggest(l, name); s != "" {
		again := prefix + s
		if rest != "" {
			again += " " + phrase.Clip(rest, 60)
		}
		return l.Say("commands.unknown.near", "Typed", prefix+name, "Near", prefix+s, "Again", again)
	}
	return l.Say("commands.unknown.far", "Typed", prefix+name, "Help", prefix+"help")
}

// problemIn is an argument problem in l: the engine's own are worded there, others (a
// feature's) as they are.
func problemIn(l *words.Lang, err error) string {
	var w words.Problem
	if errors.As(err, &w) {
		return w.SayIn(l)
	}
	return err.Error()
}

// usageText shows what was wrong and how the command is used.
func usageText(l *words.Lang, prefix string, c *Command, problem string) string {
	var b strings.Builder
	if problem != "" {
		b.WriteString(phrase.UpperFirst(problem))
		if !strings.HasSuffix(problem, ".") {
			b.WriteString(".")
		}
		b.WriteString(" ")
	}
	if examples := c.ExampleTexts(l); len(examples) > 0 {
		b.WriteString(l.Say("commands.usage.example", "Synopsis", Synopsis(l, prefix, c), "Example", prefix+examples[0]))
	} else {
		b.WriteString(l.Say("commands.usage.line", "Synopsis", Synopsis(l, prefix, c)))
	}
	return b.String()
}
