package rounds

import (
	"context"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/round"
)

// queueCommands are the speaking queue's: !hand and !queue; their help is in the catalog
// (help.hand, help.queue, …).
func (f *roundsFeature) queueCommands() []*commands.Command {
	raise := func(direct bool) func(context.Context, *commands.Request) (bot.Reply, error) {
		return func(ctx context.Context, r *commands.Request) (bot.Reply, error) {
			note := r.Args.Rest(0)
			return f.run(ctx, r, func(s round.State) (round.Result, error) { return s.Raise(r.At, member(r.Sender), note, direct) })
		}
	}
	return []*commands.Command{
		{
			Name: "hand", Section: Section,
			Subcommands: []*commands.Command{
				{Name: "down",
					Run: func(ctx context.Context, r *commands.Request) (bot.Reply, error) {
						return f.run(ctx, r, func(s round.State) (round.Result, error) { return s.Lower(r.At, member(r.Sender)) })
					}},
				{Name: "direct", Run: raise(true)},
				{Name: "", Run: raise(false)},
			},
			Run: raise(false),
		},
		{
			Name: "queue", Section: Section,
			Subcommands: []*commands.Command{
				{Name: "mode", Guard: facilitator, Run: f.runQueueMode},
				{Name: "direct", Guard: facilitator, Run: f.runQueueDirect},
				{Name: "timer", Guard: facilitator, Run: f.runQueueTimer},
				{Name: "topic", Guard: facilitator,
					Run: f.step(func(s round.State, now time.Time) (round.Result, error) { return s.NewTopic(now), nil })},
				{Name: "clear", Guard: facilitator,
					Run: f.step(func(s round.State, now time.Time) (round.Result, error) { return s.Clear(now), nil })},
			},
			Run: f.runQueue,
		},
	}
}

func (f *roundsFeature) runQueue(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) > 0 {
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("rounds.queue.usage"))
	}
	s, reply, err := f.look(ctx, r)
	if err != nil {
		return bot.Reply{}, err
	}
	var lines []string
	if q := s.Queue.Speaker; q != nil {
		if q.Due.IsZero() {
			lines = append(lines, r.Lang.Say("rounds.queue.floor", "Who", q.Member.Display()))
		} else {
			lines = append(lines, r.Lang.Say("rounds.queue.floor_left", "Who", q.Member.Display(), "Clock", round.Clock(q.Due.Sub(r.At))))
		}
	}
	lines = append(lines, round.QueueText(r.Lang, s.Places(), s.Queue.Progressive))
	if s.Queue.Each > 0 {
		lines = append(lines, r.Lang.Say("rounds.queue.each", "Span", round.Prose(r.Lang, s.Queue.Each)))
	}
	if s.Queue.NoDirect {
		lines = append(lines, r.Lang.Say("rounds.queue.direct_off"))
	}
	reply.Doc.Add(bot.TextDoc(strings.Join(lines, "\n")).Blocks...)
	return reply, nil
}

func (f *roundsFeature) runQueueMode(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	var progressive bool
	switch strings.ToLower(strings.Join(r.Args.Words, " ")) {
	case "progressive":
		progressive = true
	case "order", "plain", "raised":
	default:
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("rounds.queue.mode_usage"))
	}
	return f.run(ctx, r, func(s round.State) (round.Result, error) {
		return s.SetMode(r.At, progressive, !s.Queue.NoDirect), nil
	})
}

func (f *roundsFeature) runQueueDirect(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	var on bool
	switch strings.ToLower(strings.Join(r.Args.Words, " ")) {
	case "on":
		on = true
	case "off":
	default:
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("rounds.queue.direct_usage"))
	}
	return f.run(ctx, r, func(s round.State) (round.Result, error) { return s.SetMode(r.At, s.Queue.Progressive, on), nil })
}

func (f *roundsFeature) runQueueTimer(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	v := strings.Join(r.Args.Words, " ")
	if v == "" {
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("rounds.queue.timer_usage"))
	}
	d, err := parseLength(r.Lang, v)
	if err != nil {
		return bot.Reply{}, err
	}
	return f.run(ctx, r, func(s round.State) (round.Result, error) { return s.SetTimer(r.At, d) })
}
