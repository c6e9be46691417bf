package timeparse

import (
	"fmt"
	"time"

	"folkmoot/phrase"

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
	if e := tooLong(input, "time"); e != nil {
		return Spec{}, e
	}
	loc = orUTC(loc)
	if recurring(input) {
		r, err := parseEvery(input, now, loc, hintAll, false)
		if err != nil {
			return Spec{}, err
		}
		return Spec{Every: r}, nil
	}
	t, err := parseAt(input, now, loc, false, hintAll)
	if err != nil {
		return Spec{}, err
	}
	return Spec{At: t}, nil
}

// ParseAt reads a one-shot time after now; a recurrence is an error. A day
// without a time ("friday", "5 dec") is refused rather than guessed as 00:00,
// except "next week", which names no day and is taken from its start: Monday
// at 09:00 (the answer shows it). Parts of the day stand for clocks: morning
// 09:00, noon 12:00, afternoon 14:00, evening 18:00, night 21:00, and
// midnight the end of the day it is said with. A bare "18h" (or "18h30") is
// asked about, since French and German speakers write it for 18:00 and
// others for a duration: "at 18h" is the time of day, "in 18h" the duration
// (from 24h on, only a duration fits: "48h" is in 48 hours).
func ParseAt(l *words.Lang, input string, now time.Time, loc *time.Location) (time.Time, error) {
	return parseSingle(input, now, loc, false)
}

// ParseUntil is ParseAt for deadlines ("until friday"): a day without a
// time means the end of that day, 23:59:59 local, so the day is included;
// "next week" means its start (Monday 00:00), since "away until next week"
// means back on Monday. After "until", "18h" is the time of day.
func ParseUntil(l *words.Lang, input string, now time.Time, loc *time.Location) (time.Time, error) {
	return parseSingle(input, now, loc, true)
}

// parseSingle is ParseAt and ParseUntil: one-shot forms only.
func parseSingle(input string, now time.Time, loc *time.Location, until bool) (time.Time, error) {
	if e := tooLong(input, "time"); e != nil {
		return time.Time{}, e
	}
	if recurring(input) {
		return time.Time{}, errf("%s repeats; here I need a single time, like tomorrow 18:00.", quote(input))
	}
	return parseAt(input, now, orUTC(loc), until, hintAt)
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
	p.expect("a day or a time (fri 18:00, in 2 hours)")
	if p.word("in", "for") {
		if w.rel, ok, err = p.span(); err != nil || !ok {
			p.expect("a number and a unit (90m, 2 hours, 3 months)")
			return w, false, err
		}
		if !p.done() {
			p.expect("nothing more")
			return w, false, nil
		}
		w.isRel = true
		return w, true, w.rel.relErr()
	}
	if !p.peek().at { // "at 18h" is a time of day
		rel, isSpan, err := p.span()
		if err != nil {
			return w, false, err
		}
		if isSpan && !p.done() {
			p.expect("nothing more")
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
				return w, true, rel.relErr()
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
		p.expect("a time of day (18:00)")
	case w.hasClk && w.day.kind == dNone:
		p.expect("a day (tomorrow, fri)")
	case w.hasClk:
		p.expect("nothing more")
	}
	ok = p.done() && (w.hasClk || w.day.kind != dNone)
	return w, ok, nil
}

// relErr refuses a relative span of no time at all ("in 0m").
func (s Span) relErr() error {
	if s.zero() {
		return errf("A duration must be more than zero.")
	}
	return nil
}

// hourForm reports whether the span read from token start is an hour a
// clock could mean too: "18h" or "18h30", and nothing else.
func (p *parser) hourForm(start int) bool {
	toks := p.toks[start:p.i]
	if len(toks) < 2 || len(toks) > 3 || toks[0].kind != tNum || toks[1].text != "h" {
		return false
	}
	return len(toks) == 2 || p.hourMinutes(start+2)
}

// askHour is the question for an ambiguous bare hour.
func (p *parser) askHour(start int) error {
	toks := p.toks[start:p.i]
	typed, clockText, span := toks[0].text+"h", fmt.Sprintf("%02d:00", toks[0].num), phrase.Plural(toks[0].num, "hour", "")
	if len(toks) == 3 {
		typed += toks[2].text
		clockText = fmt.Sprintf("%02d:%s", toks[0].num, toks[2].text)
		span += " " + phrase.Plural(toks[2].num, "minute", "")
	}
	return errf("“%s” could be %s or in %s; say “at %s” or “in %s”.", typed, clockText, span, typed, typed)
}

// parseAt resolves a one-shot expression and refuses times not after now.
func parseAt(input string, now time.Time, loc *time.Location, until bool, hint string) (time.Time, error) {
	p := newParser(input)
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
		return time.Time{}, errf("Please add a time of day, like %s.", quote(input+" 18:00"))
	}
	if !t.After(now) {
		return time.Time{}, errf("That time is in the past: %s.", Format(nil, t, now, loc))
	}
	if t.Sub(now) > maxAhead { // the same bound as "in 5000 weeks"
		return time.Time{}, errf("That is too far ahead; keep it under 100 years.")
	}
	return t, nil
}
