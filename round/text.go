package round

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"folkmoot/bot"
	"folkmoot/phrase"
	"folkmoot/words"
)

// Text words an event for the room in l (nil is English). People's names, topics and
// notes are made inert: control and bidi characters removed, kept on one line, cut short.
// The text is plain; a transport that sends HTML escapes it. Commands are named with prefix.
func Text(l *words.Lang, e Event, prefix string) string { return WithPrefix(text(l, e), prefix) }

// text words an event with commandMark where it names a command.
func text(l *words.Lang, e Event) string {
	who := name(e.Member)
	switch e.Kind {
	case SignUpOpen:
		if t := inert(e.Topic, MaxTopic); t != "" {
			return l.Say("round.signup.topic", "Topic", t, "Command", commandMark+"in", "Span", Prose(l, e.Duration))
		}
		return l.Say("round.signup.plain", "Command", commandMark+"in", "Span", Prose(l, e.Duration))
	case Joined:
		return l.Count("round.joined", e.Count, "Who", who)
	case Cancelled:
		return l.Say("round.cancelled")
	case LineUp:
		names := make([]string, len(e.Members))
		for i, m := range e.Members {
			names[i] = name(m)
		}
		list := strings.Join(names, l.Say("phrase.list.comma"))
		if t := inert(e.Topic, MaxTopic); t != "" {
			return l.Say("round.lineup.topic", "Topic", t, "Names", list)
		}
		return l.Say("round.lineup.plain", "Names", list)
	case Floor:
		return floorText(l, e, who)
	case Warning:
		return phrase.UpperFirst(l.Say("round.warning", "Span", Prose(l, e.Left)))
	case Time:
		if e.Late {
			return l.Say("round.time.late", "Who", who)
		}
		return l.Say("round.time.now", "Who", who)
	case Thanks:
		return l.Say("round.thanks", "Who", who)
	case Passed:
		if e.Second {
			return l.Say("round.passed.second", "Who", who)
		}
		return l.Say("round.passed.plain", "Who", who)
	case Skipped:
		return l.Say("round.skipped", "Who", who)
	case Extended:
		return l.Say("round.extended", "Who", who, "Span", Prose(l, e.Duration), "Clock", Clock(e.Left))
	case Held:
		if e.Member.ID != "" {
			return l.Say("round.held.speaker", "Who", who, "Clock", Clock(e.Left))
		}
		return l.Say("round.held.plain")
	case Resumed:
		if e.Member.ID != "" {
			return l.Say("round.resumed.speaker", "Who", who, "Clock", Clock(e.Left))
		}
		return l.Say("round.resumed.plain")
	case Back:
		return l.Say("round.back", "Who", who, "Clock", Clock(e.Left))
	case Pause:
		return phrase.UpperFirst(l.Say("round.pause", "Span", Prose(l, e.Duration)))
	case Interrupted:
		return l.Say("round.interrupted", "Who", who)
	case Summary:
		return ReportText(l, e.Report)
	case Raised:
		return raisedText(l, e, who)
	case Lowered:
		return l.Say("round.lowered", "Who", who)
	case QueueEmpty:
		return l.Say("round.queue.empty")
	case Cleared:
		return l.Count("round.cleared", e.Count)
	case ModeChanged:
		switch {
		case e.Progressive && e.Direct:
			return l.Say("round.mode.progressive_direct")
		case e.Progressive:
			return l.Say("round.mode.progressive_no_direct")
		case e.Direct:
			return l.Say("round.mode.order_direct")
		}
		return l.Say("round.mode.order_no_direct")
	case TimerSet:
		if e.Duration == 0 {
			return l.Say("round.timer.off")
		}
		return l.Say("round.timer.set", "Span", Prose(l, e.Duration))
	case NewTopic:
		return l.Say("round.new_topic")
	case Silent:
		return phrase.UpperFirst(l.Say("round.silence.start", "Span", Prose(l, e.Duration)))
	case SilenceTalk:
		return l.Say("round.silence.talk", "Who", who)
	case SilenceOver:
		if e.Late {
			return l.Say("round.silence.over_late")
		}
		return l.Say("round.silence.over")
	}
	return string(e.Kind)
}

// floorText is "🎙 ana has the floor (2:00), a direct response: “note”." with each part
// when it applies.
func floorText(l *words.Lang, e Event, who string) string {
	var more string
	if e.Duration > 0 {
		more += l.Say("round.floor.timed", "Clock", Clock(e.Duration))
	}
	if e.Direct {
		more += l.Say("round.floor.direct")
	}
	if e.Note != "" {
		more += l.Say("round.note", "Note", inert(e.Note, MaxNote))
	}
	if e.Second {
		return l.Say("round.floor.again", "Who", who, "More", more)
	}
	return l.Say("round.floor.first", "Who", who, "More", more)
}

func raisedText(l *words.Lang, e Event, who string) string {
	var more string
	if e.Direct {
		more += l.Say("round.raised.direct")
	}
	if e.Note != "" {
		more += l.Say("round.note", "Note", inert(e.Note, MaxNote))
	}
	return l.Say("round.raised.place", "Who", who, "Place", ordinal(l, e.Count), "More", more)
}

// ReportText words a round's summary in l: one line per member in speaking order.
func ReportText(l *words.Lang, rep *Report) string {
	if rep == nil {
		return ""
	}
	var head string
	switch t := inert(rep.Topic, MaxTopic); {
	case t != "" && rep.Stopped:
		head = l.Say("round.report.head.stopped_topic", "Topic", t)
	case t != "":
		head = l.Say("round.report.head.topic", "Topic", t)
	case rep.Stopped:
		head = l.Say("round.report.head.stopped")
	default:
		head = l.Say("round.report.head.plain")
	}
	lines := []string{head}
	spoke, passed := 0, 0
	for i, ln := range rep.Lines {
		var what string
		switch {
		case ln.Spoke && ln.Passed > 0:
			what = l.Say("round.report.spoke_after_passing", "Clock", Clock(ln.Used))
		case ln.Spoke:
			what = Clock(ln.Used)
		case ln.Passed > 0:
			what = l.Say("round.report.passed")
		case ln.Skipped:
			what = l.Say("round.report.skipped")
		default:
			what = l.Say("round.report.missed")
		}
		if ln.Spoke {
			spoke++
		} else if ln.Passed > 0 {
			passed++
		}
		lines = append(lines, l.Say("round.report.line", "N", i+1, "Who", name(ln.Member), "What", what))
	}
	lines = append(lines, l.Say("round.report.totals", "Spoke", spoke, "Passed", passed, "Clock", Clock(rep.Total)))
	return strings.Join(lines, "\n")
}

// QueueText words the queue in l: one line per hand, with the note and, in progressive
// mode, why the hand stands where it does.
func QueueText(l *words.Lang, places []Place, progressive bool) string {
	if len(places) == 0 {
		return l.Say("round.queue.empty")
	}
	lines := []string{l.Say("round.queue.head")}
	if progressive {
		lines[0] = l.Say("round.queue.head_progressive")
	}
	for i, p := range places {
		var why []string
		if p.Direct {
			why = append(why, l.Say("round.queue.direct"))
		}
		if progressive && !p.Direct {
			why = append(why, Heard(l, p.Turns, p.Time))
		}
		var more string
		if len(why) > 0 {
			more = l.Say("round.queue.why", "Why", strings.Join(why, l.Say("round.queue.why_separator")))
		}
		if p.Note != "" {
			more += l.Say("round.note", "Note", inert(p.Note, MaxNote))
		}
		lines = append(lines, l.Say("round.queue.line", "N", i+1, "Who", name(p.Member), "More", more))
	}
	return strings.Join(lines, "\n")
}

// Heard says in l how much a member spoke this meeting: "spoke 0 times this meeting",
// "spoke once (1:20) this meeting".
func Heard(l *words.Lang, turns int, t time.Duration) string {
	if turns == 0 {
		return l.Say("round.heard.none")
	}
	return l.Count("round.heard.some", turns, "Clock", Clock(t))
}

// ParticipationText words Participation in l over the period it covers ("in this meeting
// (since Wed 18:30 CET)"): one line per member and the Gini coefficient. It counts turns in
// rounds and the queue, and says so: a meeting's presence is counted elsewhere.
func ParticipationText(l *words.Lang, p Participation, period string) string {
	return participation(l, p, inert(period, 120))
}

// PeriodText words the participation of a period ("in the last 7 days") like
// ParticipationText words a meeting's.
func PeriodText(l *words.Lang, p Participation, period string) string {
	return participation(l, p, inert(period, 60))
}

func participation(l *words.Lang, p Participation, period string) string {
	if len(p.Tallies) == 0 {
		return l.Say("round.stats.nobody", "Period", period)
	}
	lines := []string{l.Say("round.stats.head", "Period", period)}
	for _, t := range p.Tallies {
		lines = append(lines, l.Count("round.stats.line", t.Turns, "Who", name(t.Member), "Clock", Clock(t.Time)))
	}
	gini := strings.Replace(fmt.Sprintf("%.2f", p.Gini), ".", l.Say("phrase.number.decimal"), 1)
	lines = append(lines, l.Say("round.stats.total", "Clock", Clock(p.Total), "Gini", gini))
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

// Prose is a duration in words in l: "10 seconds", "1 minute", "1 minute 30 seconds".
func Prose(l *words.Lang, d time.Duration) string {
	neg := d < 0
	s := int64(d.Round(time.Second) / time.Second)
	if neg {
		s = -s
	}
	var out string
	add := func(part string) {
		if out == "" {
			out = part
		} else {
			out = l.Say("phrase.unit.pair", "First", out, "Second", part)
		}
	}
	if h := s / 3600; h > 0 {
		add(l.Count("phrase.unit.hour", int(h)))
	}
	if m := s / 60 % 60; m > 0 {
		add(l.Count("phrase.unit.minute", int(m)))
	}
	if sec := s % 60; sec > 0 || out == "" {
		add(l.Count("round.unit.second", int(sec)))
	}
	if neg {
		return l.Say("round.unit.minus", "Span", out)
	}
	return out
}

// ordinal is a place in the queue in l: "1st", "22nd" in English. The form follows the
// language's CLDR ordinal rules (English one, two, few, other; most others one form).
func ordinal(l *words.Lang, n int) string {
	tag := words.English
	if l != nil {
		tag = l.Tag
	}
	t, err := language.Parse(tag)
	if err != nil {
		t = language.English
	}
	switch plural.Ordinal.MatchPlural(t, n, 0, 0, 0, 0) {
	case plural.One:
		return l.Say("round.ordinal.form_one", "N", n)
	case plural.Two:
		return l.Say("round.ordinal.form_two", "N", n)
	case plural.Few:
		return l.Say("round.ordinal.form_few", "N", n)
	}
	return l.Say("round.ordinal.form_other", "N", n)
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
