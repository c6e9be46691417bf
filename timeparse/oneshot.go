package timeparse

import (
	"fmt"
	"time"

	"folkmoot/words"
)

// Spec is a parsed time expression: exactly one of At (one-shot) or Every (recurring) is set.
type Spec struct {
	At    time.Time
	Every *Recurrence
}

// Parse reads any accepted form, one-shot or recurring, in the room's
// location (nil means UTC). A one-shot time must be after now.
func Parse(l *words.Lang, input string, now time.Time, loc *time.Location) (Spec, error) {
	if e := tooLong(l, input, "time"); e != nil {
		return Spec{}, e
	}
	loc = orUTC(loc)
	if recurring(l, input) {
		r, err := parseEvery(l, input, now, loc, hintAll, false)
		if err != nil {
			return Spec{}, err
		}
		return Spec{Every: r}, nil
	}
	t, err := parseAt(l, input, now, loc, false, hintAll)
	if err != nil {
		return Spec{}, err
	}
	return Spec{At: t}, nil
}

// ParseAt reads a one-shot time after now; a recurrence is an error. Words
// are read in English and in the room's language l (nil is English only:
// es "mañana 18:00", de "Freitag 18 Uhr"), and errors are worded in it. A day
// without a time ("friday", "5 dec") is refused rather than guessed as 00:00,
// except "next week", which names no day and is taken from its start: Monday
// at 09:00 (the answer shows it). Parts of the day stand for clocks: morning
// 09:00, noon 12:00, afternoon 14:00, evening 18:00, night 21:00, and
// midnight the end of the day it is said with. A bare "18h" (or "18h30") is
// asked about, since French and German speakers write it for 18:00 and
// others for a duration: "at 18h" is the time of day, "in 18h" the duration
// (from 24h on, only a duration fits: "48h" is in 48 hours).
func ParseAt(l *words.Lang, input string, now time.Time, loc *time.Location) (time.Time, error) {
	return parseSingle(l, input, now, loc, false)
}

// ParseUntil is ParseAt for deadlines ("until friday"): a day without a
// time means the end of that day, 23:59:59 local, so the day is included;
// "next week" means its start (Monday 00:00), since "away until next week"
// means back on Monday. After "until", "18h" is the time of day.
func ParseUntil(l *words.Lang, input string, now time.Time, loc *time.Location) (time.Time, error) {
	return parseSingle(l, input, now, loc, true)
}

// parseSingle is ParseAt and ParseUntil: one-shot forms only.
func parseSingle(l *words.Lang, input string, now time.Time, loc *time.Location, until bool) (time.Time, error) {
	if e := tooLong(l, input, "time"); e != nil {
		return time.Time{}, e
	}
	if recurring(l, input) {
		return time.Time{}, errf(l.Say("timeparse.error.repeats", "Input", quote(l, input)))
	}
	return parseAt(l, input, now, orUTC(loc), until, hintAt)
}

// when is a one-shot expression as typed, before it is resolved against now.
type when struct {
	rel    Span
	isRel  bool
	day    dayRef
	clk    clock
	hasClk bool
}

// parseWhen reads a relative offset ("in 90m", "for 2 days", "48h", "in 3
// months") or a day and clock in either order ("fri 18:00", "6pm friday",
// "sunday evening", "18:00" alone), after an optional "until". ok is false
// when the input fits no form (p says where it stopped); err reports a form
// with an out-of-range or ambiguous value.
func parseWhen(p *parser) (w when, ok bool, err error) {
	saidUntil := p.word("until", "till", "til") // "away until friday" may arrive with its "until"
	start := p.i
	p.expect("timeparse.expect.when")
	if p.word("in", "for") {
		if w.rel, ok, err = p.span(); err != nil || !ok {
			p.expect("timeparse.expect.span")
			return w, false, err
		}
		if !p.done() {
			p.expect("timeparse.expect.end")
			return w, false, nil
		}
		w.isRel = true
		return w, true, w.rel.relErr(p.l)
	}
	if !p.peek().at { // "at 18h" is a time of day
		rel, isSpan, err := p.span()
		if err != nil {
			return w, false, err
		}
		if isSpan && !p.done() {
			p.expect("timeparse.expect.end")
		}
		if isSpan && p.done() {
			hour := p.hourForm(start) && rel.Exact < 24*time.Hour // "18h", "18h30"
			switch {
			case hour && (saidUntil || rel.zero()):
				// "until 18h", "0h": only a time of day fits; read below.
			case hour:
				return w, false, p.askHour(start)
			default:
				w.rel, w.isRel = rel, true
				return w, true, rel.relErr(p.l)
			}
		}
		p.i = start
	}
	if w.clk, w.hasClk, err = p.clock(); err != nil {
		return w, false, err
	}
	if w.day, _, err = p.day(); err != nil {
		return w, false, err
	}
	if !w.hasClk {
		if w.clk, w.hasClk, err = p.clock(); err != nil {
			return w, false, err
		}
	}
	switch {
	case p.done():
	case !w.hasClk && w.day.kind != dNone:
		p.expect("timeparse.expect.time")
	case w.hasClk && w.day.kind == dNone:
		p.expect("timeparse.expect.day")
	case w.hasClk:
		p.expect("timeparse.expect.end")
	}
	ok = p.done() && (w.hasClk || w.day.kind != dNone)
	return w, ok, nil
}

// relErr refuses a relative span of no time at all ("in 0m").
func (s Span) relErr(l *words.Lang) error {
	if s.zero() {
		return errf(l.Say("timeparse.error.not_zero"))
	}
	return nil
}

// hourForm reports whether the span read from token start is an hour a
// clock could mean too: "18h" or "18h30", and the words that are both a
// unit and "o'clock" in the room's language (fr "18 heures"), and nothing
// else.
func (p *parser) hourForm(start int) bool {
	toks := p.toks[start:p.i]
	if len(toks) < 2 || len(toks) > 3 || toks[0].kind != tNum {
		return false
	}
	if toks[1].text != "h" {
		return len(toks) == 2 && toks[1].is("uhr")
	}
	return len(toks) == 2 || p.hourMinutes(start+2)
}

// askHour is the question for an ambiguous bare hour.
func (p *parser) askHour(start int) error {
	toks := p.toks[start:p.i]
	h := toks[0].num
	typed, clockText, span := toks[0].text+"h", fmt.Sprintf("%02d:00", h), p.l.Count("phrase.unit.hour", h)
	if toks[1].text != "h" { // fr "18 heures"
		typed = toks[0].text + " " + toks[1].typed
	}
	if len(toks) == 3 {
		typed += toks[2].text
		clockText = fmt.Sprintf("%02d:%s", h, toks[2].text)
		span = p.l.Say("phrase.unit.pair", "First", span, "Second", p.l.Count("phrase.unit.minute", toks[2].num))
	}
	return errf(p.l.Say("timeparse.error.ask_hour", "Typed", typed, "Clock", clockText, "Span", span))
}

// parseAt resolves a one-shot expression and refuses times not after now.
func parseAt(l *words.Lang, input string, now time.Time, loc *time.Location, until bool, hint string) (time.Time, error) {
	p := newParser(l, input)
	w, ok, err := parseWhen(p)
	if err != nil {
		return time.Time{}, err
	}
	if !ok {
		return time.Time{}, p.notRead("time", hint)
	}
	var t time.Time
	switch {
	case w.isRel:
		t = ceilMilli(w.rel.AddTo(now, loc))
	case w.hasClk:
		t = resolveDay(w.day, w.clk, now, loc)
	case w.day.kind == dNextWeek && until:
		// "away until next week": back when the week starts, not after its Monday.
		t = resolveDay(w.day, clock{0, 0}, now, loc)
	case w.day.kind == dNextWeek:
		t = resolveDay(w.day, defaultClock, now, loc)
	case until:
		t = resolveDay(w.day, clock{23, 59}, now, loc).Add(59 * time.Second)
	default:
		return time.Time{}, errf(l.Say("timeparse.error.add_time", "Example", quote(l, input+" 18:00")))
	}
	if !t.After(now) {
		return time.Time{}, errf(l.Say("timeparse.error.past", "Time", Format(l, t, now, loc)))
	}
	if t.Sub(now) > maxAhead { // the same bound as "in 5000 weeks"
		return time.Time{}, errf(l.Say("timeparse.error.too_far"))
	}
	return t, nil
}
