package timeparse

import (
	"fmt"
	"time"
)

// MaxAhead is how far ahead any parsed time may be, relative ("in 5 weeks")
// or absolute ("2126-01-01 10:00") alike.
const MaxAhead = maxAhead

// Within checks a time against now for a caller with its own limit (a vote
// that may run at most 90 days): it must be after now and at most max ahead.
// Its errors are room-safe *Error values.
func Within(t, now time.Time, max time.Duration) error {
	if !t.After(now) {
		return errf("That time has already passed.")
	}
	if t.Sub(now) > max {
		return errf("That is too far ahead; keep it within %s.", amount(max))
	}
	return nil
}

// Overdue reports whether t is due already: at or before now.
func Overdue(t, now time.Time) bool { return !t.After(now) }

// Relative says how far t is from now the way people do: "in 5 minutes",
// "in 2 days", "3 hours ago". A time at or before now never reads as
// "in …": under a minute past it is "just now", so a job that fired late says
// so rather than promising to come.
func Relative(t, now time.Time) string {
	d := t.Sub(now)
	switch {
	case d > 0 && d < time.Minute:
		return "in under a minute"
	case d > 0:
		return "in " + amount(d)
	case d > -time.Minute:
		return "just now"
	}
	return amount(-d) + " ago"
}

// amount words a positive length rounded to its largest fitting unit, never
// "0 minutes": 90s is "2 minutes", 100 minutes "2 hours", 36 hours "2 days".
func amount(d time.Duration) string {
	const day = 24 * time.Hour
	rounded := func(unit time.Duration, name string) string {
		return plural(max(int64((d+unit/2)/unit), 1), name)
	}
	switch {
	case d >= 365*day && d%(365*day) == 0: // limits are typed in whole years or weeks
		return plural(int64(d/(365*day)), "year")
	case d >= 7*day && d%(7*day) == 0:
		return plural(int64(d/(7*day)), "week")
	case d >= day-30*time.Minute:
		return rounded(day, "day")
	case d >= time.Hour-30*time.Second:
		return rounded(time.Hour, "hour")
	}
	return rounded(time.Minute, "minute")
}

// plural is "1 day", "2 days".
func plural(n int64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// ceilMilli rounds t up to a whole millisecond. The scheduler stores due
// times in milliseconds (truncating), so a relative time from a now with a
// sub-millisecond part must round up or it would come due a little early.
func ceilMilli(t time.Time) time.Time {
	if r := time.Duration(t.Nanosecond()) % time.Millisecond; r != 0 {
		return t.Add(time.Millisecond - r)
	}
	return t
}
