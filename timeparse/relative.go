package timeparse

import (
	"folkmoot/phrase"
	"time"

	"folkmoot/words"
)

// MaxAhead is how far ahead any parsed time may be, relative ("in 5 weeks")
// or absolute ("2126-01-01 10:00") alike.
const MaxAhead = maxAhead

// Within checks a time against now for a caller with its own limit (a vote
// that may run at most 90 days): it must be after now and at most max ahead.
// Its errors are room-safe *Error values, in English (CheckWithin words them
// in the room's language).
func Within(t, now time.Time, max time.Duration) error { return CheckWithin(nil, t, now, max) }

// CheckWithin is Within with its errors in the room's language l.
func CheckWithin(l *words.Lang, t, now time.Time, max time.Duration) error {
	if !t.After(now) {
		return errf(l.Say("timeparse.error.passed"))
	}
	if t.Sub(now) > max {
		return errf(l.Say("timeparse.error.keep_within", "Duration", phrase.Duration(l, max)))
	}
	return nil
}

// Overdue reports whether t is due already: at or before now.
func Overdue(t, now time.Time) bool { return !t.After(now) }

// Relative says how far t is from now the way people do (phrase.Relative): "in 5 minutes",
// "3 hours ago", "just now"; never "in …" for a time that has passed.
func Relative(l *words.Lang, t, now time.Time) string { return phrase.Relative(l, t, now) }

// ceilMilli rounds t up to a whole millisecond. The scheduler stores due
// times in milliseconds (truncating), so a relative time from a now with a
// sub-millisecond part must round up or it would come due a little early.
func ceilMilli(t time.Time) time.Time {
	if r := time.Duration(t.Nanosecond()) % time.Millisecond; r != 0 {
		return t.Add(time.Millisecond - r)
	}
	return t
}
