package timeparse

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"folkmoot/words"
)

// Bounds on what the parser reads. The longest real phrase ("every 2 weeks on
// tuesday at 7:30 pm from the 1st of december 2026") is about 60 characters
// and 14 words, so anything longer is not a time; refusing it up front keeps
// the cost of every entry point for typed input (all but ParseRecurrence)
// bounded whatever a person pastes.
const (
	// MaxChars is the most characters a time, recurrence or duration may have.
	MaxChars = 200
	// MaxWords is the most space-separated words a time may have; LeadingAt and
	// LeadingUntil try no longer run than this.
	MaxWords = 24
)

// tooLong refuses input over MaxChars or MaxWords. It looks at no more than
// 4*MaxChars bytes, so a megabyte of text costs the same as a short line. It
// is an unread error like every "I couldn't read", so callers that try several
// word runs (and keep only specific errors) treat it the same way.
func tooLong(l *words.Lang, input, what string) *Error {
	switch {
	case len(input) > utf8.UTFMax*MaxChars || utf8.RuneCountInString(input) > MaxChars:
		return unreadf(l.Say(unread[what].chars, "Input", quote(l, input), "Max", MaxChars))
	case len(strings.Fields(input)) > MaxWords:
		return unreadf(l.Say(unread[what].words, "Input", quote(l, input), "Max", MaxWords))
	}
	return nil
}

// LeadingAt reads the longest run of words at the start of words that
// ParseAt accepts and says how many words it took, so a command can take
// "fri 18:00 bring cake" apart. It tries at most MaxWords words, so its cost
// does not grow with the length of the rest. When no run is a time, the error
// is the most specific one met (a time read but in the past beats "I couldn't
// read"), else that of the longest run, which quotes where reading stopped.
func LeadingAt(l *words.Lang, words []string, now time.Time, loc *time.Location) (time.Time, int, error) {
	return leading(words, func(s string) (time.Time, error) { return ParseAt(l, s, now, loc) })
}

// LeadingUntil is LeadingAt for deadlines, read as ParseUntil reads them
// ("until 12 dec visiting family" is 12 Dec 23:59:59 and two more words).
func LeadingUntil(l *words.Lang, words []string, now time.Time, loc *time.Location) (time.Time, int, error) {
	return leading(words, func(s string) (time.Time, error) { return ParseUntil(l, s, now, loc) })
}

// LeadingEvery is LeadingAt for recurrences, read as ParseEvery reads them
// ("every monday 19:00 assembly in the back room").
func LeadingEvery(l *words.Lang, words []string, now time.Time, loc *time.Location) (*Recurrence, int, error) {
	return leading(words, func(s string) (*Recurrence, error) { return ParseEvery(l, s, now, loc) })
}

// leading tries the runs from the longest down; see LeadingAt.
func leading[T any](words []string, parse func(string) (T, error)) (T, int, error) {
	var zero T
	var first, specific error
	for n := min(len(words), MaxWords); n >= 1; n-- {
		t, err := parse(strings.Join(words[:n], " "))
		if err == nil {
			return t, n, nil
		}
		if first == nil {
			first = err
		}
		var e *Error
		if specific == nil && (!errors.As(err, &e) || !e.unread) {
			specific = err
		}
	}
	if specific != nil {
		return zero, 0, specific
	}
	if first == nil {
		_, first = parse("")
	}
	return zero, 0, first
}
