package round

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"folkmoot/bot"
)

// Text words an event in plain English for the room. People's names, topics and notes are
// made inert: control and bidi characters removed, kept on one line, cut short. The text
// is plain; a transport that sends HTML escapes it. Commands are named with prefix.
func Text(e Event, prefix string) string { return WithPrefix(text(e), prefix) }

// text words an event with commandMark where it names a command.
func text(e Event) string {
	who := name(e.Member)
	switch e.Kind {
	case SignUpOpen:
		return fmt.Sprintf("Listening round%s: say %sin within %s to take part.", topic(e.Topic), commandMark, Prose(e.Duration))
	case Joined:
		return fmt.Sprintf("%s is in (%d so far).", who, e.Count)
	case Cancelled:
		return "Nobody signed up, so there is no round."
	case LineUp:
		names := make([]string, len(e.Members))
		for i, m := range e.Members {
			names[i] = name(m)
		}
		return fmt.Sprintf("The order%s: %s.", topic(e.Topic), strings.Join(names, ", "))
	case Floor:
		return floorText(e, who)
	case Warning:
		return fmt.Sprintf("%s left.", capital(Prose(e.Left)))
	case Time:
		if e.Late {
			return fmt.Sprintf("%s's time ran out while I was away — thank you, %s.", who, who)
		}
		return fmt.Sprintf("Time — thank you, %s.", who)
	case Thanks:
		return fmt.Sprintf("Thank you, %s.", who)
	case Passed:
		if e.Second {
			return fmt.Sprintf("%s passes for now; the floor comes back to them at the end.", who)
		}
		return fmt.Sprintf("%s passes.", who)
	case Skipped:
		return fmt.Sprintf("Moving on from %s.", who)
	case Extended:
		return fmt.Sprintf("%s gets %s more (%s left).", who, Prose(e.Duration), Clock(e.Left))
	case Held:
		if e.Member.ID != "" {
			return fmt.Sprintf("The round is paused; %s keeps %s.", who, Clock(e.Left))
		}
		return "The round is paused."
	case Resumed:
		if e.Member.ID != "" {
			return fmt.Sprintf("The round goes on: %s has the floor (%s left).", who, Clock(e.Left))
		}
		return "The round goes on."
	case Back:
		return fmt.Sprintf("I'm back: %s still has the floor (%s left).", who, Clock(e.Left))
	case Pause:
		return fmt.Sprintf("%s of silence.", capital(Prose(e.Duration)))
	case Interrupted:
		return fmt.Sprintf("%s, please hold your words until it is your turn: this is a listening round.", who)
	case Summary:
		return ReportText(e.Report)
	case Raised:
		return raisedText(e, who)
	case Lowered:
		return fmt.Sprintf("%s lowered their hand.", who)
	case QueueEmpty:
		return "The queue is empty."
	case Cleared:
		return fmt.Sprintf("The queue is cleared (%s lowered).", plural(e.Count, "hand", "hands"))
	case ModeChanged:
		return fmt.Sprintf("The queue is %s; direct responses are %s.", pick(e.Progressive, "progressive", "in hand-raise order"), pick(e.Direct, "on", "off"))
	case TimerSet:
		if e.Duration == 0 {
			return "Queue turns are untimed now."
		}
		return fmt.Sprintf("Each queue turn now lasts %s.", Prose(e.Duration))
	case NewTopic:
		return "New topic: everyone may make one direct response again."
	case Silent:
		return fmt.Sprintf("%s of silence.", capital(Prose(e.Duration)))
	case SilenceTalk:
		return fmt.Sprintf("%s, we are keeping a silence.", who)
	case SilenceOver:
		if e.Late {
			return "The silence ended while I was away."
		}
		return "The silence is over."
	}
	return string(e.Kind)
}

func floorText(e Event, who string) string {
	s := "🎙 " + who + " has the floor"
	if e.Second {
		s += " again"
	}
	if e.Duration > 0 {
		s += " (" + Clock(e.Duration) + ")"
	}
	if e.Direct {
		s += ", a direct response"
	}
	if e.Note != "" {
		s += ": “" + inert(e.Note, MaxNote) + "”"
	}
	return s + "."
}

func raisedText(e Event, who string) string {
	s := fmt.Sprintf("%s is %s in the queue", who, ordinal(e.Count))
	if e.Direct {
		s += " (a direct response)"
	}
	if e.Note != "" {
		s += ": “" + inert(e.Note, MaxNote) + "”"
	}
	return s + "."
}

// ReportText words a round's summary: one line per member in speaking order.
func ReportText(rep *Report) string {
	if rep == nil {
		return ""
	}
	head := "The round" + topic(rep.Topic) + " is over"
	if rep.Stopped {
		head += " (stopped early)"
	}
	lines := []string{head + ":"}
	spoke, passed := 0, 0
	for i, l := range rep.Lines {
		var what string
		switch {
		case l.Spoke && l.Passed > 0:
			what = Clock(l.Used) + " (after passing once)"
		case l.Spoke:
			what = Clock(l.Used)
		case l.Passed > 0:
			what = "passed"
		case l.Skipped:
			what = "skipped"
		default:
			what = "did not get a turn"
		}
		if l.Spoke {
			spoke++
		} else if l.Passed > 0 {
			passed++
		}
		lines = append(lines, fmt.Sprintf("%d. %s — %s", i+1, name(l.Member), what))
	}
	lines = append(lines, fmt.Sprintf("Spoke: %d · passed: %d · time used: %s.", spoke, passed, Clock(rep.Total)))
	return strings.Join(lines, "\n")
}

// QueueText words the queue: one line per hand, with the note and, in progressive mode,
// why the hand stands where it does.
func QueueText(places []Place, progressive bool) string {
	if len(places) == 0 {
		return "The queue is empty."
	}
	lines := []string{"The queue" + pick(progressive, " (progressive)", "") + ":"}
	for i, p := range places {
		l := fmt.Sprintf("%d. %s", i+1, name(p.Member))
		var why []string
		if p.Direct {
			why = append(why, "direct response")
		}
		if progressive && !p.Direct {
			why = append(why, Heard(p.Turns, p.Time))
		}
		if len(why) > 0 {
			l += " (" + strings.Join(why, "; ") + ")"
		}
		if p.Note != "" {
			l += ": “" + inert(p.Note, MaxNote) + "”"
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}

// Heard says how much a member spoke this meeting: "spoke 0 times this meeting", "spoke
// once (1:20) this meeting".
func Heard(turns int, t time.Duration) string {
	switch turns {
	case 0:
		return "spoke 0 times this meeting"
	case 1:
		return "spoke once (" + Clock(t) + ") this meeting"
	}
	return fmt.Sprintf("spoke %d times (%s) this meeting", turns, Clock(t))
}

// ParticipationText words Participation over the period it covers ("in this meeting (since
// Wed 18:30 CET)"): one line per member and the Gini coefficient. It counts turns in rounds
// and the queue, and says so: a meeting's presence is counted elsewhere.
func ParticipationText(p Participation, period string) string {
	period = inert(period, 120)
	if len(p.Tallies) == 0 {
		return "Nobody has taken a turn in a round or the queue " + period + "."
	}
	lines := []string{"Turns in rounds and the queue " + period + ":"}
	for _, t := range p.Tallies {
		lines = append(lines, fmt.Sprintf("%s — %s, %s", name(t.Member), plural(t.Turns, "turn", "turns"), Clock(t.Time)))
	}
	lines = append(lines, fmt.Sprintf("Total %s; inequality of speaking time (Gini, 0 = everyone spoke equally): %.2f.", Clock(p.Total), p.Gini))
	return strings.Join(lines, "\n")
}

// PeriodText words the participation of a period ("in the last 7 days") like
// ParticipationText words a meeting's.
func PeriodText(p Participation, period string) string {
	period = inert(period, 60)
	if len(p.Tallies) == 0 {
		return "Nobody has taken a turn in a round or the queue " + period + "."
	}
	lines := []string{"Turns in rounds and the queue " + period + ":"}
	for _, t := range p.Tallies {
		lines = append(lines, fmt.Sprintf("%s — %s, %s", name(t.Member), plural(t.Turns, "turn", "turns"), Clock(t.Time)))
	}
	lines = append(lines, fmt.Sprintf("Total %s; inequality of speaking time (Gini, 0 = everyone spoke equally): %.2f.", Clock(p.Total), p.Gini))
	return strings.Join(lines, "\n")
}

// Clock is a duration as m:ss ("2:00", "0:30"), rounded to the second; h:mm:ss from an hour.
func Clock(d time.Duration) string {
	s := int64(max(d.Round(time.Second), 0) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Prose is a duration in words: "10 seconds", "1 minute", "1 minute 30 seconds".
func Prose(d time.Duration) string {
	neg := d < 0
	s := int64(d.Round(time.Second) / time.Second)
	if neg {
		s = -s
	}
	var parts []string
	if h := s / 3600; h > 0 {
		parts = append(parts, plural(int(h), "hour", "hours"))
	}
	if m := s / 60 % 60; m > 0 {
		parts = append(parts, plural(int(m), "minute", "minutes"))
	}
	if sec := s % 60; sec > 0 || len(parts) == 0 {
		parts = append(parts, plural(int(sec), "second", "seconds"))
	}
	return pick(neg, "minus ", "") + strings.Join(parts, " ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

func pick(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func topic(t string) string {
	if t = inert(t, MaxTopic); t == "" {
		return ""
	}
	return " “" + t + "”"
}

// name is a member's display name made inert for a sentence, as bot.Member.Display shows
// it (the ID for a name with nothing visible), clipped.
func name(m Member) string { return clip(bot.DisplayName(m.Name, m.ID), 60) }

// inert makes a person's text safe inside one of the bot's lines: bidi and other control
// characters go, line breaks and runs of space become one space, and it is cut to n runes.
func inert(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
			return -1
		case unicode.IsSpace(r) || r == 0x2028 || r == 0x2029:
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	return clip(s, n)
}

// clip keeps text on one line and at most n runes, marking a cut with "…".
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
