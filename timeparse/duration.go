package timeparse

import (
	"strings"
	"time"

	"folkmoot/words"
)

// Span is a length of time as people say it: calendar months (a year is
// twelve), calendar days (a week is seven) and an exact part (hours, minutes,
// seconds). It has no fixed length, since a month is 28 to 31 days and a day
// is 23 to 25 hours across a DST change; AddTo gives it one, from a time in a
// place.
type Span struct {
	Months int
	Days   int
	Exact  time.Duration
}

// AddTo is t plus the span on loc's calendar (nil means UTC). Months come
// first, and a day the target month lacks is its last day: 31 Jan + 1 month
// is 28 Feb (29 in a leap year), 29 Feb + 1 year is 28 Feb. Then days, which
// keep the wall-clock time across DST ("in 3 days" at 10:00 is 10:00); then
// the exact part, which is elapsed time ("in 48h" is 48 hours). A wall-clock
// time that a DST change skips moves on with the clock (02:30 becomes 03:30).
func (s Span) AddTo(t time.Time, loc *time.Location) time.Time {
	t = t.In(orUTC(loc))
	if s.Months != 0 || s.Days != 0 {
		y, m, d := t.Date()
		hh, mm, ss := t.Clock()
		first := time.Date(y, m+time.Month(s.Months), 1, 0, 0, 0, 0, time.UTC) // the target month, normalized
		ty, tm, _ := first.Date()
		t = time.Date(ty, tm, min(d, daysIn(ty, tm))+s.Days, hh, mm, ss, t.Nanosecond(), t.Location())
	}
	return t.Add(s.Exact)
}

// zero reports whether the span is no time at all.
func (s Span) zero() bool { return s.Months == 0 && s.Days == 0 && s.Exact == 0 }

// unit is one duration word: calendar months, calendar days or an exact length.
type unit struct {
	months int
	days   int
	d      time.Duration
}

var units = func() map[string]unit {
	units := map[string]unit{}
	add := func(u unit, names ...string) {
		for _, n := range names {
			units[n] = u
		}
	}
	add(unit{d: time.Second}, "s", "sec", "secs", "second", "seconds")
	add(unit{d: time.Minute}, "m", "min", "mins", "minute", "minutes")
	add(unit{d: time.Hour}, "h", "hr", "hrs", "hour", "hours")
	add(unit{days: 1}, "d", "day", "days")
	add(unit{days: 7}, "w", "wk", "wks", "week", "weeks")
	add(unit{months: 1}, "mo", "mos", "month", "months")
	add(unit{months: 12}, "y", "yr", "yrs", "year", "years")
	return units
}()

// SpanUnits names the units a time or a Span is read in, for answers that list them.
const SpanUnits = "s, m (minutes), h, d, w, mo (months), y (years)"

// maxAhead bounds relative times and durations, well inside time.Duration.
const maxAhead = 100 * 365 * 24 * time.Hour

// Mean lengths, only to refuse a far span before any arithmetic: the exact
// bound is checked on the calendar, once the span is added to a time.
const (
	meanMonthSeconds = 365.2425 / 12 * 86400
	daySeconds       = 86400
)

// span reads one or more "<number> <unit>" pairs ("1h30m", "an hour", "2
// hours 15 minutes", "3 months"), and the French "1h30" (an hour and 30
// minutes); it stops at the first token that doesn't fit. Its only error is a
// span too long to be a time; zero is the caller's to refuse.
func (p *parser) span() (Span, bool, error) {
	var s Span
	var seconds float64 // summed in float so a huge input can't overflow
	n := 0
	for {
		save := p.i
		v, ok := p.number(9)
		if !ok && p.word("a", "an") {
			v, ok = 1, true
		}
		if t := p.peek(); !ok && t.count > 0 {
			if _, isUnit := unitOf(t); isUnit { // ar "بعد ساعتين": in two hours
				v, ok = t.count, true
			}
		}
		if !ok {
			p.i = save
			break
		}
		u, isUnit := unitOf(p.peek())
		if !isUnit {
			if n > 0 && p.hourMinutes(save) {
				s.Exact += time.Duration(v) * time.Minute
				break
			}
			if t := p.peek(); t.kind == tNum && p.glued(p.i) {
				// "1.5h", "2,5 h": the separator went with the filler, the digits stayed glued.
				p.expect("timeparse.expect.whole")
			} else {
				p.expect("timeparse.expect.unit")
			}
			p.i = save
			break
		}
		p.i++
		n++
		seconds += float64(v) * (float64(u.months)*meanMonthSeconds + float64(u.days)*daySeconds + u.d.Seconds())
		if seconds > maxAhead.Seconds() {
			return Span{}, false, errf(p.l.Say("timeparse.error.too_far"))
		}
		s.Months += v * u.months
		s.Days += v * u.days
		s.Exact += time.Duration(v) * u.d
	}
	return s, n > 0, nil
}

// hourMinutes reports whether the number at token i (already consumed) is
// the minutes of an "h" glued to it, "1h30": two digits, under 60, and the
// last thing the span reads.
func (p *parser) hourMinutes(i int) bool {
	t := p.toks[i]
	return i > 0 && p.toks[i-1].text == "h" && p.glued(i) && t.kind == tNum && len(t.text) == 2 && t.num < 60
}

// ParseDuration reads a length such as "3m", "90s", "2 minutes" or "1h30m"
// (speaking turns, windows); a day counts as 24 hours here. Months and years
// are refused: they have no fixed length (ParseSpan reads them).
func ParseDuration(l *words.Lang, input string) (time.Duration, error) {
	s, err := parseSpan(l, input, "timeparse.hint.duration", l.Say("timeparse.hint.duration_units"))
	if err != nil {
		return 0, err
	}
	if s.Months != 0 {
		return 0, errf(l.Say("timeparse.error.no_fixed_length", "Input", quote(l, input)))
	}
	return time.Duration(s.Days)*24*time.Hour + s.Exact, nil
}

// ParseSpan reads a length that may be in calendar months and years ("3
// months", "a year", "1y 6mo") as well as the units of ParseDuration; AddTo
// applies it to a time.
func ParseSpan(l *words.Lang, input string) (Span, error) {
	return parseSpan(l, input, "timeparse.hint.span", l.Say("timeparse.hint.span_units"))
}

// parseSpan is ParseDuration and ParseSpan: a span and nothing else. hint
// is the message listing the forms, with the units unitList.
func parseSpan(l *words.Lang, input, hint, unitList string) (Span, error) {
	if e := tooLong(l, input, "duration"); e != nil {
		return Span{}, e
	}
	p := newParser(l, input)
	s, ok, err := p.span()
	switch {
	case err != nil:
		return Span{}, err
	case ok && p.done() && s.zero():
		return Span{}, errf(l.Say("timeparse.error.not_zero"))
	case ok && p.done():
		return s, nil
	case ok:
		p.expect("timeparse.expect.end")
	}
	if t := p.peek(); len(p.toks) == 1 && t.kind == tNum {
		return Span{}, errf(l.Say("timeparse.error.add_unit", "Input", quote(l, input), "Minutes", t.text+"m", "Hours", t.text+"h", "Units", unitList))
	}
	if strings.HasPrefix(normalize(input), "-") {
		return Span{}, errf(l.Say("timeparse.error.not_zero"))
	}
	return Span{}, p.notRead("duration", hint)
}
