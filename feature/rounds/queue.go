package rounds

import (
	"context"
	"fmt"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/round"
)

// queueCommands are the speaking queue's: !hand and !queue.
func (f *roundsFeature) queueCommands() []*commands.Command {
	raise := func(direct bool) func(context.Context, *commands.Request) (bot.Reply, error) {
		return func(ctx context.Context, r *commands.Request) (bot.Reply, error) {
			note := r.Args.Rest(0)
			return f.run(ctx, r, func(s round.State) (round.Result, error) { return s.Raise(r.At, member(r.Sender), note, direct) })
		}
	}
	return []*commands.Command{
		{
			Name: "hand", Section: Section, Synopsis: "[note] | down | direct [note]",
			Help:     "Raises your hand in the speaking queue, with an optional note; down lowers it; direct jumps ahead once per topic for a direct response.",
			Examples: []string{"hand the budget figures", "hand down", "hand direct on that point"},
			Subcommands: []*commands.Command{
				{Name: "down", Help: "Lowers your hand.", Examples: []string{"hand down"},
					Run: func(ctx context.Context, r *commands.Request) (bot.Reply, error) {
						return f.run(ctx, r, func(s round.State) (round.Result, error) { return s.Lower(r.At, member(r.Sender)) })
					}},
				{Name: "direct", Synopsis: "[note]", Help: "Raises your hand for a direct response: ahead of the others, once per topic.",
					Examples: []string{"hand direct on that point"}, Run: raise(true)},
				{Name: "", Synopsis: "[note]", Help: "Raises your hand with a note.", Examples: []string{"hand the budget figures"}, Run: raise(false)},
			},
			Run: raise(false),
		},
		{
			Name: "queue", Section: Section, Synopsis: "[mode progressive|order | direct on|off | timer <time>|off | topic | clear]",
			Help: "Shows the speaking queue with notes and, in progressive mode, why each hand stands where it does; " +
				"the facilitator-level sets its mode, direct responses, a per-turn timer, starts a new topic or clears it.",
			Examples: []string{"queue", "queue mode progressive", "queue timer 2m"},
			Who:      "anyone to show; facilitator-level to change",
			Subcommands: []*commands.Command{
				{Name: "mode", Synopsis: "progressive|order", Examples: []string{"queue mode progressive"}, Guard: facilitator,
					Help: "Progressive: who has spoken least this meeting (turns, then time) goes first; order: hand-raise order.",
					Run:  f.runQueueMode},
				{Name: "direct", Synopsis: "on|off", Examples: []string{"queue direct off"}, Guard: facilitator,
					Help: "Allows or refuses direct responses (!hand direct).", Run: f.runQueueDirect},
				{Name: "timer", Synopsis: "<time>|off", Examples: []string{"queue timer 2m"}, Guard: facilitator,
					Help: "Times each queue turn, with a warning 30 seconds before the end.", Run: f.runQueueTimer},
				{Name: "topic", Examples: []string{"queue topic"}, Guard: facilitator,
					Help: "A new topic: everyone may make one direct response again.",
					Run:  f.step(func(s round.State, now time.Time) (round.Result, error) { return s.NewTopic(now), nil })},
				{Name: "clear", Examples: []string{"queue clear"}, Guard: facilitator, Help: "Lowers every hand; the speaker keeps the floor.",
					Run: f.step(func(s round.State, now time.Time) (round.Result, error) { return s.Clear(now), nil })},
			},
			Run: f.runQueue,
		},
	}
}

func (f *roundsFeature) runQueue(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) > 0 {
		return bot.Reply{}, commands.Usagef("say mode, direct, timer, topic or clear, or nothing to see the queue")
	}
	s, reply, err := f.look(ctx, r)
	if err != nil {
		return bot.Reply{}, err
	}
	var lines []string
	if q := s.Queue.Speaker; q != nil {
		line := fmt.Sprintf("%s has the floor", q.Member.Display())
		if !q.Due.IsZero() {
			line += fmt.Sprintf(" (%s left)", round.Clock(q.Due.Sub(r.At)))
		}
		lines = append(lines, line+".")
	}
	lines = append(lines, round.QueueText(s.Places(), s.Queue.Progressive))
	if s.Queue.Each > 0 {
		lines = append(lines, fmt.Sprintf("Each turn lasts %s.", round.Prose(s.Queue.Each)))
	}
	if s.Queue.NoDirect {
		lines = append(lines, "Direct responses are off.")
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
		return bot.Reply{}, commands.Usagef("say progressive or order")
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
		return bot.Reply{}, commands.Usagef("say on or off")
	}
	return f.run(ctx, r, func(s round.State) (round.Result, error) { return s.SetMode(r.At, s.Queue.Progressive, on), nil })
}

func (f *roundsFeature) runQueueTimer(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	v := strings.Join(r.Args.Words, " ")
	if v == "" {
		return bot.Reply{}, commands.Usagef("say how long each turn lasts, or off")
	}
	d, err := parseLength(v)
	if err != nil {
		return bot.Reply{}, err
	}
	return f.run(ctx, r, func(s round.State) (round.Result, error) { return s.SetTimer(r.At, d) })
}
