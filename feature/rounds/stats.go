package rounds

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/meeting"
	"folkmoot/round"
	"folkmoot/timeparse"
)

// periods are what !stats can sum up beside this meeting, and how far back each reaches.
var periods = map[string]time.Duration{"week": 7 * 24 * time.Hour, "month": 30 * 24 * time.Hour}

func (f *roundsFeature) statsCommand() *commands.Command {
	return &commands.Command{
		Name: "stats", Section: Section, Synopsis: "[meeting|week|month]",
		Help: "Turns and speaking time per member in listening rounds and the queue: in this meeting, or since the last one began (the default), or in the last 7 or 30 days, and the " +
			"Gini coefficient of speaking time (0 = everyone spoke equally).",
		Examples: []string{"stats", "stats month"},
		Run:      f.runStats,
	}
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
		text := round.ParticipationText(s.ParticipationAt(r.At), period)
		if present != "" {
			text += "\n" + present
		}
		reply.Doc.Add(bot.TextDoc(text).Blocks...)
		return reply, nil
	}
	back, ok := periods[what]
	if !ok {
		return bot.Reply{}, commands.Usagef("say meeting, week or month")
	}
	turns, err := TurnsBetween(ctx, r.Tx, r.Room, r.At.Add(-back), r.At.Add(time.Millisecond))
	if err != nil {
		return bot.Reply{}, err
	}
	period := fmt.Sprintf("in the last %d days", int(back.Hours()/24))
	return bot.Text(round.PeriodText(round.Summarize(tallies(turns)), period)), nil
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
		return "so far (no meeting has started in this room yet)", "", nil
	}
	since := timeparse.Format(r.Lang, m.Start, r.At, r.Loc)
	if m.Running() {
		period = fmt.Sprintf("in this meeting (since %s)", since)
		if att > 0 {
			present = fmt.Sprintf("Present at this meeting so far: %d (the minutes count whoever spoke or said %spresent).", att, r.Prefix())
		}
		return period, present, nil
	}
	if att > 0 {
		present = fmt.Sprintf("Present at that meeting: %d, as its minutes list them.", att)
	}
	return fmt.Sprintf("since the last meeting began (%s)", since), present, nil
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
	var lines []string
	if rd := s.Round; rd != nil {
		lines = append(lines, "• Listening round"+quoted(rd.Topic)+": "+roundStatus(rd, r.At))
	}
	if q := s.Queue; q.Speaker != nil || len(q.Hands) > 0 {
		line := "• Queue: " + plural(len(q.Hands), "hand", "hands") + " up"
		if q.Speaker != nil {
			line += "; " + q.Speaker.Member.Display() + " has the floor"
		}
		lines = append(lines, line)
	}
	if sl := s.Silence; sl != nil {
		lines = append(lines, fmt.Sprintf("• Silence, %s left", round.Clock(sl.Until.Sub(r.At))))
	}
	return lines, nil
}

// roundStatus says where a round stands.
func roundStatus(rd *round.Round, now time.Time) string {
	left := rd.Left
	if !rd.Held {
		left = rd.Due.Sub(now)
	}
	var what string
	switch rd.Phase {
	case round.PhaseSignUp:
		what = fmt.Sprintf("sign-up open (%d in)", len(rd.Members))
	case round.PhaseBetween:
		what = "pause before " + rd.Slots[rd.Pos].Member.Display() + "'s turn"
	default:
		what = rd.Slots[rd.Pos].Member.Display() + " has the floor"
	}
	if rd.Held {
		return what + ", paused with " + round.Clock(left) + " left"
	}
	return what + ", " + round.Clock(left) + " left"
}

func quoted(s string) string {
	if s == "" {
		return ""
	}
	return " “" + bot.Inert(s) + "”"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprint(n) + " " + many
}
