package rounds

import (
	"context"
	"regexp"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/round"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// roundFlags are !round's options; their help is in the catalog (help.round.flags).
var roundFlags = []commands.Flag{
	{Name: "each"},
	{Name: "pause"},
	{Name: "signup"},
	{Name: "order"},
	{Name: "with", Phrase: true},
	{Name: "second-chance", Bool: true},
	{Name: "quiet", Bool: true},
}

// roundCommands are the listening round's commands; their help is in the catalog
// (help.round, help.in, …).
func (f *roundsFeature) roundCommands() []*commands.Command {
	start := f.runStart
	return []*commands.Command{
		{
			Name: "round", Section: Section, Flags: roundFlags, Guard: facilitator,
			Subcommands: []*commands.Command{
				{Name: "pause", Guard: facilitator,
					Run: f.step(func(s round.State, now time.Time) (round.Result, error) { return s.Hold(now) })},
				{Name: "resume", Guard: facilitator,
					Run: f.step(func(s round.State, now time.Time) (round.Result, error) { return s.Resume(now) })},
				{Name: "stop", Guard: facilitator,
					Run: f.step(func(s round.State, now time.Time) (round.Result, error) { return s.Stop(now) })},
				{Name: "", Flags: roundFlags, Guard: facilitator, Run: start},
			},
			Run: start,
		},
		{Name: "in", Section: Section,
			Run: func(ctx context.Context, r *commands.Request) (bot.Reply, error) {
				return f.run(ctx, r, func(s round.State) (round.Result, error) { return s.In(r.At, member(r.Sender)) })
			}},
		{Name: "done", Section: Section, Run: f.runDone},
		{Name: "pass", Section: Section,
			Run: func(ctx context.Context, r *commands.Request) (bot.Reply, error) {
				return f.run(ctx, r, func(s round.State) (round.Result, error) { return s.Pass(r.At, member(r.Sender)) })
			}},
		{Name: "next", Aliases: []string{"skip"}, Section: Section,
			Guard: commands.Guard{Owners: speakerOwners, Refusal: func(r *commands.Request, fs []bot.Member) string {
				return r.Lang.Say("rounds.refused.next", "Facilitators", facts.FacilitatorsIn(r.Lang, fs), "Command", r.Prefix()+"next")
			}}, Run: f.runNext},
		{Name: "extend", Section: Section, Guard: facilitator, Run: f.runExtend},
	}
}

// step makes a command's Run from an operation that needs only the time.
func (f *roundsFeature) step(op func(s round.State, now time.Time) (round.Result, error)) func(context.Context, *commands.Request) (bot.Reply, error) {
	return func(ctx context.Context, r *commands.Request) (bot.Reply, error) {
		if len(r.Args.Words) > 0 {
			return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("rounds.takes_nothing", "Command", r.Prefix()+r.Command.FullName()))
		}
		return f.run(ctx, r, func(s round.State) (round.Result, error) { return op(s, r.At) })
	}
}

func (f *roundsFeature) runStart(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	sp := round.DefaultSpec()
	var err error
	if sp.Each, err = speakingTime(ctx, r.Tx, r.Room); err != nil { // the room's rule, unless --each says
		return bot.Reply{}, err
	}
	sp.Topic = strings.Join(r.Args.Words, " ")
	sp.Facilitator = member(r.Sender)
	sp.SecondChance, sp.Quiet = r.Args.Has("second-chance"), r.Args.Has("quiet")
	sp.Seed = r.At.UnixNano()
	// In the order of the synopsis, so that several unreadable lengths are answered about
	// the first, the same every time.
	for _, l := range []struct {
		name string
		into *time.Duration
	}{{"each", &sp.Each}, {"pause", &sp.Pause}, {"signup", &sp.SignUp}} {
		name, into := l.name, l.into
		if v, ok := r.Args.Flags[name]; ok {
			d, err := parseLength(r.Lang, v)
			if err != nil {
				return bot.Reply{}, err
			}
			*into = d
		}
	}
	if v, ok := r.Args.Flags["order"]; ok {
		o, err := round.ParseOrder(v)
		if err != nil {
			return bot.Reply{}, roomError(r, err)
		}
		sp.Order = o
	}
	if v, ok := r.Args.Flags["with"]; ok {
		members, err := facts.LoadDirectory(ctx, r.Tx, r.Transport, r.Room)
		if err != nil {
			return bot.Reply{}, err
		}
		with, err := members.List(v) // names may have spaces: "ana, Mary Jane bo"
		if err != nil {
			return bot.Reply{}, err
		}
		for _, m := range with {
			sp.With = append(sp.With, member(m))
		}
	}
	return f.run(ctx, r, func(s round.State) (round.Result, error) {
		sp.Past = map[string]time.Duration{}
		for _, t := range s.Heard {
			sp.Past[t.Member.ID] = t.Time
		}
		return s.Start(r.At, sp)
	})
}

// zeroLength is a length of nothing as people type it: 0, 0s, 00:00 is not meant.
var zeroLength = regexp.MustCompile(`^0+\s*[a-z]*$`)

// parseLength reads a length such as 2m or 90s, typed in l; 0 (or none, off) is nothing, so
// the round's own bounds can answer "--each 0s" and "--pause 0" means no pause.
func parseLength(l *words.Lang, s string) (time.Duration, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	if v == "none" || v == "off" || zeroLength.MatchString(v) {
		return 0, nil
	}
	return timeparse.ParseDuration(l, v)
}

// runDone ends the sender's turn; in the queue the floor then goes to the next hand.
func (f *roundsFeature) runDone(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	by := member(r.Sender)
	return f.run(ctx, r, func(s round.State) (round.Result, error) {
		if q := s.Queue.Speaker; s.Round == nil && q != nil && q.Member.ID == by.ID {
			return s.Next(r.At)
		}
		return s.Done(r.At, by)
	})
}

// runNext moves on: in a round, the speaker's own !next is their !done and anyone else's
// skips; otherwise the queue's next hand gets the floor.
func (f *roundsFeature) runNext(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	return f.run(ctx, r, func(s round.State) (round.Result, error) {
		if s.Round == nil {
			return s.Next(r.At)
		}
		if sp, ok := s.Round.Speaker(); ok && sp.ID == r.Sender.ID {
			return s.Done(r.At, member(r.Sender))
		}
		return s.Skip(r.At)
	})
}

func (f *roundsFeature) runExtend(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	d := time.Minute
	if v := strings.Join(r.Args.Words, " "); v != "" {
		var err error
		if d, err = parseLength(r.Lang, v); err != nil {
			return bot.Reply{}, err
		}
	}
	return f.run(ctx, r, func(s round.State) (round.Result, error) { return s.Extend(r.At, d) })
}

// speakerOwners is whoever holds the floor, in the round or the queue: they may say !next.
func speakerOwners(ctx context.Context, r *commands.Request) ([]string, error) {
	s, _, err := LoadState(ctx, r.Tx, r.Room)
	if err != nil {
		return nil, err
	}
	if sp, ok := s.Round.Speaker(); ok {
		return []string{sp.ID}, nil
	}
	if q := s.Queue.Speaker; q != nil && s.Round == nil {
		return []string{q.Member.ID}, nil
	}
	return nil, nil
}
