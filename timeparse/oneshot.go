package timeparse

import "time"

// Spec is a parsed time expression: exactly one of At (one-shot) or Every (recurring) is set.
type Spec struct {
	At    time.Time
	Every *Recurrence
}

// Parse reads any accepted form, one-shot or recurring, in the room's
// location (nil means UTC). A one-shot time must be after now.
func Parse(input string, now time.Time, loc *time.Location) (Spec, error) {
	if e := tooLong(input, "time"); e != nil {
		return Spec{}, e
	}
	loc = orUTC(loc)
	norm := normalize(input)
	if recurring(norm) {
		r, err := parseEvery(norm, input, now, loc, hintAll, false)
		if err != nil {
			return Spec{}, err
		}
		return Spec{Every: r}, nil
	}
	t, err := parseAt(norm, input, now, loc, false, hintAll)
	if err != nil {
		return Spec{}, err
	}
	return Spec{At: t}, nil
}

// ParseAt reads a one-shot time after now; a recurrence is an error. A day
// without a time ("friday", "5 dec") is refused rather than guessed as 00:00,
// except "next week", which is Monday of next week at 09:00. Parts of the day
// stand for clocks: morning 09:00, noon 12:00, afternoon 14:00, evening
// 18:00, night 21:00, and midnight the end of the day it is said with.
func ParseAt(input string, now time.Time, loc *time.Location) (time.Time, error) {
	return parseSingle(input, now, loc, false)
}

// ParseUntil is ParseAt for deadlines ("until friday"): a day without a
// time means the end of that day, 23:59:59 local, so the day is included;
// "next week" means its start (Monday 00:00), since "away until next week"
// means back on Monday.
func ParseUntil(input string, now time.Time, loc *time.Location) (time.Time, error) {
	return parseSingle(input, now, loc, true)
}

// parseSingle is ParseAt and ParseUntil: one-shot forms only.
func parseSingle(input string, now time.Time, loc *time.Location, until bool) (time.Time, error) {
	if e := tooLong(input, "time"); e != nil {
		return time.Time{}, e
	}
	norm := normalize(input)
	if recurring(norm) {
		return time.Time{}, errf("%s repeats; here I need a single time, like tomorrow 18:00.", quote(input))
	}
	return parseAt(norm, input, now, orUTC(loc), until, hintAt)
}

// when is a one-shot expression as typed, before it is resolved against now.
type when struct {
	rel    span
	isRel  bool
	day    dayRef
	clk    clock
	hasClk bool
}

// parseWhen reads a relative offset ("in 90m", "for 2 days", "48h") or a day
// and clock in either order ("fri 18:00", "6pm friday", "sunday evening",
// "18:00" alone), after an optional "until". ok is false when the input fits
// no form; err reports a form with an out-of-range value.
func parseWhen(norm string) (w when, ok bool, err error) {
	p := newParser(norm)
	p.word("until", "till", "til") // "away until friday" may arrive with its "until"
	start := p.i
	hadIn := p.word("in", "for")
	if w.rel, ok, err = p.span(); err != nil || (ok && p.done()) {
		w.isRel = ok
		return w, ok, err
	}
	if hadIn {
		return w, false, nil
	}
	p.i = start
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
	ok = p.done() && (w.hasClk || w.day.kind != dNone)
	return w, ok, nil
}

// parseAt resolves a one-shot expression and refuses times not after now.
func parseAt(norm, input string, now time.Time, loc *time.Location, until bool, hint string) (time.Time, error) {
	w, ok, err := parseWhen(norm)
	if err != nil {
		return time.Time{}, err
	}
	if !ok {
		return time.Time{}, unreadable(input, hint)
	}
	var t time.Time
	switch {
	case w.isRel:
		t = ceilMilli(now.In(loc).AddDate(0, 0, w.rel.days).Add(w.rel.exact))
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
		return time.Time{}, errf("That time is in the past: %s.", Format(t, now, loc))
	}
	if t.Sub(now) > maxAhead { // the same bound as "in 5000 weeks"
		return time.Time{}, errf("That is too far ahead; keep it under 100 years.")
	}
	return t, nil
}
