package timeparse

import (
	"fmt"
	"strings"
	"time"
)

// Error is a parse error whose message is safe and short enough for a chat room.
type Error struct {
	msg string
}

// Error returns the room-safe message.
func (e *Error) Error() string { return e.msg }

// errf builds a room-safe *Error.
func errf(format string, args ...any) *Error {
	return &Error{msg: fmt.Sprintf(format, args...)}
}

// Hints listing the accepted forms, one per entry point, so an error shows
// only what that command can use.
const (
	hintAt    = `in 90m, in 2 hours, 48h, tomorrow 18:00, fri 18:00, friday 6pm, 2026-12-05 18:30, 5 dec 18:30`
	hintEvery = `every monday 19:00, every day 08:00, every weekday 09:00, every 2 weeks on tue 19:00, every month on the 1st 10:00, every year on 1 mar 09:00, every solstice 19:00, cron "0 19 * * 1"`
	hintAll   = `in 90m, in 2 hours, 48h, tomorrow 18:00, fri 18:00, friday 6pm, 2026-12-05 18:30, 5 dec 18:30, every monday 19:00, every 2 weeks on tue 19:00, every month on the 1st 10:00, cron "0 19 * * 1"`
)

// unreadable is the garbage error: echo the input and list what works.
func unreadable(input, hint string) *Error {
	return errf("I couldn't read the time %s. Try: %s.", quote(input), hint)
}

// maxEcho keeps echoed input from flooding the room.
const maxEcho = 40

// quote echoes user input in typographic quotes, on one line and truncated.
func quote(input string) string {
	if len(input) > 4*maxEcho { // only the start is shown; don't walk the rest
		input = strings.ToValidUTF8(input[:4*maxEcho], "")
	}
	s := strings.Trim(strings.Join(strings.Fields(input), " "), `"'“”‘’`)
	if r := []rune(s); len(r) > maxEcho {
		s = string(r[:maxEcho-1]) + "…"
	}
	return "“" + s + "”"
}

// Format renders an instant for the room, e.g. "Fri 5 Dec 18:30 CET"; the
// year is added only when it differs from the year of now.
func Format(t time.Time, now time.Time, loc *time.Location) string {
	loc = orUTC(loc)
	lt := t.In(loc)
	if lt.Year() != now.In(loc).Year() {
		return lt.Format("Mon 2 Jan 2006 15:04 MST")
	}
	return lt.Format("Mon 2 Jan 15:04 MST")
}

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
