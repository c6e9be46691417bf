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

// errf makes a room-safe *Error of a message already worded in the room's
// language.
func errf(msg string) *Error { return &Error{msg: msg} }

// unreadf is errf for input that fits no form.
func unreadf(msg string) *Error { return &Error{msg: msg, unread: true} }

// Hints listing the accepted forms, one per entry point, so an error shows
// only what that command can use: timeparse.hint.* messages, each in the
// room's language with its own forms.
const (
	hintAt    = "timeparse.hint.at"
	hintEvery = "timeparse.hint.every"
	hintAll   = "timeparse.hint.all"
)

// unreadMessages are the "I couldn't read" messages for what was read.
type unreadMessages struct{ start, end, at, after, chars, words string }

// unread are those messages by what was read: a time or a duration (their
// nouns differ in gender and article, so each is a sentence of its own).
var unread = map[string]unreadMessages{
	"time": {"timeparse.error.unread.time.start", "timeparse.error.unread.time.end", "timeparse.error.unread.time.at",
		"timeparse.error.unread.time.after", "timeparse.error.unread.time.chars", "timeparse.error.unread.time.words"},
	"duration": {"timeparse.error.unread.duration.start", "timeparse.error.unread.duration.end", "timeparse.error.unread.duration.at",
		"timeparse.error.unread.duration.after", "timeparse.error.unread.duration.chars", "timeparse.error.unread.duration.words"},
}

// unreadable is the error of input whose first word is no start of a time:
// echo that word (all of a short input made of filler words only) and list
// what works.
func unreadable(p *parser, what, hint string) *Error {
	first := strings.Join(p.words, " ")
	if len(p.toks) > 0 {
		first = p.words[p.toks[0].word]
	}
	return unreadf(p.l.Say(unread[what].start, "Input", quote(p.l, first), "Hint", p.l.Say(hint)))
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
	wants := p.orList()
	msgs := unread[what]
	if k >= len(p.toks) { // the input ended where more was needed
		return unreadf(p.l.Say(msgs.end, "Input", quote(p.l, strings.Join(p.words, " ")), "Want", wants))
	}
	w := p.toks[k].word
	before := slices.Clone(p.words[:w])
	head := ""
	for _, t := range p.toks[:k] { // what was read of the word itself: the "18" of "18.30"
		if t.word == w {
			head += t.typed
		}
	}
	if head != "" {
		before = append(before, head)
	}
	if len(before) == 0 {
		return unreadf(p.l.Say(msgs.at, "Word", quote(p.l, p.words[w]), "Want", wants))
	}
	return unreadf(p.l.Say(msgs.after, "Word", quote(p.l, p.words[w]), "Before", quote(p.l, strings.Join(before, " ")), "Want", wants))
}

// orList joins what was expected: "a, b or c"; at most four, the first met.
func (p *parser) orList() string {
	items := make([]string, 0, 4)
	for _, e := range p.want[:min(len(p.want), 4)] {
		pairs := []any{"Clock", fmt.Sprintf("%d:00", e.n), "PM", fmt.Sprintf("%dpm", e.n), "H", fmt.Sprintf("%dh", e.n),
			"Day", e.n, "Month", e.s}
		if e.id == "timeparse.expect.month" { // "5 dec", in the room's words
			pairs = append(pairs, "Dec", strings.ToLower(strings.TrimSuffix(p.l.Say("timeparse.date.month.dec"), ".")))
		}
		items = append(items, p.l.Say(e.id, pairs...))
	}
	switch len(items) {
	case 0:
		return p.l.Say("timeparse.expect.something")
	case 1:
		return items[0]
	}
	return p.l.Say("timeparse.expect.or", "Rest", strings.Join(items[:len(items)-1], p.l.Say("timeparse.expect.comma")), "Last", items[len(items)-1])
}

// maxEcho keeps echoed input from flooding the room.
const maxEcho = 40

// quote echoes user input in the quotes of the room's language, on one line
// and truncated. Control and invisible format characters are left out, so an
// echo cannot turn the rest of the message around (a right-to-left override)
// or hide what it says.
func quote(l *words.Lang, input string) string {
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
	return l.Say("timeparse.quote", "Text", s)
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
