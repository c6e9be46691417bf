package timeparse

import (
	"strings"
	"time"
)

// span is a relative offset. Whole days are kept apart from the exact part so
// that "in 3 days" keeps the wall-clock time across a DST change, while
// "in 48h" means exactly 48 hours.
type span struct {
	days  int
	exact time.Duration
}

// unit is one duration word: either calendar days or an exact length.
type unit struct {
	days int
	d    time.Duration
}

var units = map[string]unit{}

func init() {
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
}

// maxAhead bounds relative times and durations, well inside time.Duration.
const maxAhead = 100 * 365 * 24 * time.Hour

// span reads one or more "<number> <unit>" pairs ("1h30m", "an hour",
// "2 hours 15 minutes"); it stops at the first token that doesn't fit.
func (p *parser) span() (span, bool, error) {
	var s span
	var seconds float64 // summed in float so a huge input can't overflow
	n := 0
	for {
		save := p.i
		v, ok := p.number(9)
		if !ok && p.word("a", "an") {
			v, ok = 1, true
		}
		u, isUnit := units[p.peek().text]
		if !ok || !isUnit || p.peek().kind != tWord {
			p.i = save
			break
		}
		p.i++
		n++
		seconds += float64(v) * (float64(u.days)*86400 + u.d.Seconds())
		if seconds > maxAhead.Seconds() {
			return span{}, false, errf("That is too far ahead; keep it under 100 years.")
		}
		s.days += v * u.days
		s.exact += time.Duration(v) * u.d
	}
	if n == 0 {
		return span{}, false, nil
	}
	if seconds == 0 {
		return span{}, false, errf("A duration must be more than zero.")
	}
	return s, true, nil
}

// ParseDuration reads a length such as "3m", "90s", "2 minutes" or "1h30m"
// (speaking turns, windows); a day counts as 24 hours here.
func ParseDuration(input string) (time.Duration, error) {
	if e := tooLong(input, "duration"); e != nil {
		return 0, e
	}
	norm := normalize(input)
	p := newParser(norm)
	s, ok, err := p.span()
	if err != nil {
		return 0, err
	}
	if ok && p.done() {
		return time.Duration(s.days)*24*time.Hour + s.exact, nil
	}
	if t := p.peek(); len(p.toks) == 1 && t.kind == tNum {
		return 0, errf("Add a unit to %s, like %sm or %ss.", quote(input), t.text, t.text)
	}
	if strings.HasPrefix(norm, "-") {
		return 0, errf("A duration must be more than zero.")
	}
	return 0, errf("I couldn't read the duration %s. Try: 90s, 3m, 2 minutes, 1h30m.", quote(input))
}
