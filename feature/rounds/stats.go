package rounds

import (
	"context"
	"slices"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/meeting"
	"folkmoot/round"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// periods are what !stats can sum up beside this meeting, and how far back each reaches.
var periods = map[string]time.Duration{"week": 7 * 24 * time.Hour, "month": 30 * 24 * time.Hour}

// statsCommand is !stats; its help is in the catalog (help.stats).
func (f *roundsFeature) statsCommand() *commands.Command {
	return &commands.Command{Name: "stats", Section: Section, Run: f.runStats}
}

func (f *roundsFeature) runStats(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	what := strings.ToLower(strings.Join(r.Args.Words, " "))
	if what == "" || what == "meeting" {
		s, reply, err := f.look(ctx, r)
		if err != nil {
			return bot.Reply{}, err
		}
		period, present, err := f.meetingPeriod(ctx, r)
		if err != nil {
			return bot.Reply{}, err
		}
		text := round.ParticipationText(r.Lang, s.ParticipationAt(r.At), period)
		if present != "" {
			text += "\n" + present
		}
		reply.Doc.Add(bot.TextDoc(text).Blocks...)
		return reply, nil
	}
	back, ok := periods[what]
	if !ok {
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("rounds.stats.usage"))
	}
	turns, err := TurnsBetween(ctx, r.Tx, r.Room, r.At.Add(-back), r.At.Add(time.Millisecond))
	if err != nil {
		return bot.Reply{}, err
	}
	period := r.Lang.Count("rounds.stats.last_days", int(back.Hours()/24))
	return bot.Text(round.PeriodText(r.Lang, round.Summarize(tallies(turns)), period)), nil
}

// meetingPeriod says what "this meeting" of the figures covers, since they start afresh
// when a meeting starts: the running meeting, else the last one and the time since, else all
// so far; and how many were present there, as the minutes count them ("" when none).
func (f *roundsFeature) meetingPeriod(ctx context.Context, r *commands.Request) (period, present string, err error) {
	var m meeting.Meeting
	var att int
	found := false
	if f.hooks.LatestMeeting != nil {
		if m, att, found, err = f.hooks.LatestMeeting(ctx, r.Tx, r.Room); err != nil {
			return "", "", err
		}
	}
	if !found {
		return r.Lang.Say("rounds.stats.no_meeting"), "", nil
	}
	since := timeparse.Format(r.Lang, m.Start, r.At, r.Loc)
	if m.Running() {
		period = r.Lang.Say("rounds.stats.this_meeting", "Since", since)
		if att > 0 {
			present = r.Lang.Say("rounds.stats.present_now", "Present", att, "Command", r.Prefix()+"present")
		}
		return period, present, nil
	}
	if att > 0 {
		present = r.Lang.Say("rounds.stats.present_then", "Present", att)
	}
	return r.Lang.Say("rounds.stats.last_meeting", "Since", since), present, nil
}

// tallies sums turns per member, in the order they first took part.
func tallies(turns []round.Turn) []round.Tally {
	var out []round.Tally
	for _, t := range turns {
		i := slices.IndexFunc(out, func(x round.Tally) bool { return x.Member.ID == t.Member.ID })
		if i < 0 {
			out = append(out, round.Tally{Member: member(t.Member)})
			i = len(out) - 1
		}
		if t.Member.Name != "" {
			out[i].Member.Name = t.Member.Name
		}
		out[i].Turns += t.Turns
		out[i].Time += t.Time
	}
	return out
}

// status is the rounds' !status lines: a round, the queue and a silence, when there are.
func (f *roundsFeature) status(ctx context.Context, r *commands.Request) ([]string, error) {
	s, _, err := LoadState(ctx, r.Tx, r.Room)
	if err != nil {
		return nil, err
	}
	s = s.Tick(r.At).State // what is due by now, without saying it here
	l := r.Lang
	var lines []string
	if rd := s.Round; rd != nil {
		if t := bot.Inert(rd.Topic); t != "" {
			lines = append(lines, l.Say("rounds.status.round_topic", "Topic", t, "Where", roundStatus(l, rd, r.At)))
		} else {
			lines = append(lines, l.Say("rounds.status.round", "Where", roundStatus(l, rd, r.At)))
		}
	}
	if q := s.Queue; q.Speaker != nil {
		lines = append(lines, l.Count("rounds.status.queue_floor", len(q.Hands), "Who", q.Speaker.Member.Display()))
	} else if len(q.Hands) > 0 {
		lines = append(lines, l.Count("rounds.status.queue", len(q.Hands)))
	}
	if sl := s.Silence; sl != nil {
		lines = append(lines, l.Say("rounds.status.silence", "Clock", round.Clock(sl.Until.Sub(r.At))))
	}
	return lines, nil
}

// roundStatus says in l where a round stands.
func roundStatus(l *words.Lang, rd *round.Round, now time.Time) string {
	left := rd.Left
	if !rd.Held {
		left = rd.Due.Sub(now)
	}
	var what string
	switch rd.Phase {
	case round.PhaseSignUp:
		what = l.Count("rounds.status.signup", len(rd.Members))
	case round.PhaseBetween:
		what = l.Say("rounds.status.between", "Who", rd.Slots[rd.Pos].Member.Display())
	default:
		what = l.Say("rounds.status.floor", "Who", rd.Slots[rd.Pos].Member.Display())
	}
	if rd.Held {
		return l.Say("rounds.status.held", "What", what, "Clock", round.Clock(left))
	}
	return l.Say("rounds.status.left", "What", what, "Clock", round.Clock(left))
}
