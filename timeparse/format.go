package timeparse

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"folkmoot/words"
)

// Error is a parse error whose message is safe and short enough for a chat room.
type Error struct {
	msg string
	// unread marks "I couldn't read …": the input fits no form at all. A
	// caller trying several word runs prefers any other error, which says
	// what is wrong with a form it did read.
	unread bool
}

// Error returns the room-safe message.
func (e *Error) Error() string { return e.msg }

// Unread reports whether the input fits no form at all, rather than a form
// with a wrong value ("in 0m", "25:00"): a caller trying other readings of
// the text goes on after the first, not the second.
func (e *Error) Unread() bool { return e.unread }

// errf builds a room-safe *Error.
func errf(format string, args ...any) *Error {
	return &Error{msg: fmt.Sprintf(format, args...)}
}

// unreadf builds the room-safe *Error of input that fits no form.
func unreadf(format string, args ...any) *Error {
	return &Error{msg: fmt.Sprintf(format, args...), unread: true}
}

// Hints listing the accepted forms, one per entry point, so an error shows
// only what that command can use.
const (
	hintAt    = `in 90m, in 2 hours, in 3 months, 48h, tomorrow 18:00, fri 18:00, next fri 18h, friday 6pm, 2026-12-05 18:30, 5 dec 18:30`
	hintEvery = `every monday 19:00, every day 08:00, every weekday 09:00, every 2 weeks on tue 19:00, every month on the 1st 10:00, every year on 1 mar 09:00, every solstice 19:00, cron "0 19 * * 1"`
	hintAll   = `in 90m, in 2 hours, 48h, tomorrow 18:00, fri 18:00, friday 6pm, 2026-12-05 18:30, 5 dec 18:30, every monday 19:00, every 2 weeks on tue 19:00, every month on the 1st 10:00, cron "0 19 * * 1"`
)

// unreadable is the error of input whose first word is no start of a time:
// echo that word (all of a short input made of filler words only) and list
// what works.
func unreadable(p *parser, what, hint string) *Error {
	first := strings.Join(p.words, " ")
	if len(p.toks) > 0 {
		first = p.words[p.toks[0].word]
	}
	return unreadf("I couldn't read the %s %s. Try: %s.", what, quote(first), hint)
}

// notRead is the error of input the grammar stopped in. It quotes only the
// typed word where reading stopped, says what was read before it, and what
// would have been read there; input that stopped at its first word gets the
// list of forms instead.
func (p *parser) notRead(what, hint string) *Error {
	k := max(p.far, 0)
	if k == 0 || len(p.want) == 0 {
		return unreadable(p, what, hint)
	}
	wants := orList(p.want)
	if k >= len(p.toks) { // the input ended where more was needed
		return unreadf("I couldn't read the %s %s: I expected %s after it.", what, quote(strings.Join(p.words, " ")), wants)
	}
	w := p.toks[k].word
	before := slices.Clone(p.words[:w])
	head := ""
	for _, t := range p.toks[:k] { // what was read of the word itself: the "18" of "18.30"
		if t.word == w {
			head += t.text
		}
	}
	if head != "" {
		before = append(before, head)
	}
	if len(before) == 0 {
		return unreadf("I couldn't read the %s at %s: I expected %s.", what, quote(p.words[w]), wants)
	}
	return unreadf("I couldn't read the %s at %s: after %s I expected %s.", what, quote(p.words[w]), quote(strings.Join(before, " ")), wants)
}

// orList joins what was expected: "a, b or c"; at most four, the first met.
func orList(items []string) string {
	items = items[:min(len(items), 4)]
	switch len(items) {
	case 0:
		return "something else"
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// maxEcho keeps echoed input from flooding the room.
const maxEcho = 40

// quote echoes user input in typographic quotes, on one line and truncated.
// Control and invisible format characters are left out, so an echo cannot
// turn the rest of the message around (a right-to-left override) or hide
// what it says.
func quote(input string) string {
	if len(input) > 4*maxEcho { // only the start is shown; don't walk the rest
		input = strings.ToValidUTF8(input[:4*maxEcho], "")
	}
	input = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, input)
	s := strings.Trim(strings.Join(strings.Fields(input), " "), `"'“”‘’`)
	if r := []rune(s); len(r) > maxEcho {
		s = string(r[:maxEcho-1]) + "…"
	}
	return "“" + s + "”"
}

// Format renders an instant for the room in its language, e.g. "Fri 5 Dec 18:30 CET",
// "vie 5 dic 18:30 CET"; the year is added only when it differs from the year of now.
func Format(l *words.Lang, t time.Time, now time.Time, loc *time.Location) string {
	loc = orUTC(loc)
	lt := t.In(loc)
	layout := "timeparse.date.this_year"
	if lt.Year() != now.In(loc).Year() {
		layout = "timeparse.date.other_year"
	}
	return l.Say(layout,
		"Weekday", l.Say("timeparse.date.weekday."+weekdayKeys[lt.Weekday()]),
		"Day", lt.Day(),
		"Month", l.Say("timeparse.date.month."+monthKeys[lt.Month()-1]),
		"Year", lt.Year(),
		"Time", lt.Format("15:04"),
		"Zone", lt.Format("MST"))
}

// weekdayKeys and monthKeys name the catalog's weekdays (Sunday first, as time.Weekday)
// and months.
var (
	weekdayKeys = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
	monthKeys   = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
)

// orUTC lets callers pass a nil location without a panic in time.Date.
func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

// ordinal renders 1st, 2nd, 3rd, 4th, 11th, 21st.
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suffix)
}
