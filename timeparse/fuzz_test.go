package timeparse

import (
	"errors"
	"strings"
	"testing"
)

// seeds are inputs from every form plus near-misses, to start the fuzzer well.
var seeds = []string{
	"in 90m", "48h", "in 1h30m", "in an hour", "tomorrow 18:00", "fri 6:30pm", "6pm friday", "noon",
	"2026-12-05 18:30", "5 dec 2027 18:30", "dec 5th 6pm", "29 feb 12:00", "31 feb 10:00", "25:00",
	"every monday 19:00", "every 2 weeks on tue 19:00 from 2026-12-01", "every other week on wed 9am",
	"every month on the 15th 10:00", "every weekday 09:00", `cron "0 19 * * 1"`, `cron “*/5 1-3 * jan mon-fri”`,
	"in 999999999 weeks", "every 52 weeks on sun 23:59", "every 2 weeks on sun 10:00 from 9999-12-30", "", "“”", "in", "every", "cron", "12am",
	"every solstice", "every equinox 19:00", "every season 6pm", "every solstice and equinox", "every year on 1 mar",
	"every year on march 1 18:30", "every year on 29 feb", "for 2 days", "for 3 weeks", "next week", "next week 18:00",
	"until next week", "sunday evening", "tomorrow morning", "midnight", "friday midnight", "every day midnight",
	"every friday midnight", "till fri noon", "5 dec 2200 10:00", "until a a a a a a a a a a a a a a a a a a a a a a a a a",
}

func FuzzParse(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := Parse(in, now, berlin)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) error %T is not room-safe", in, err)
			}
			if msg := e.Error(); len(msg) > 400 || strings.Contains(msg, "\n") {
				t.Fatalf("Parse(%q) error too long for chat: %q", in, msg)
			}
			return
		}
		if (s.Every == nil) == s.At.IsZero() {
			t.Fatalf("Parse(%q) = %+v: want exactly one of At and Every", in, s)
		}
		if s.Every == nil {
			if !s.At.After(now) || s.At.Sub(now) > MaxAhead {
				t.Fatalf("Parse(%q) = %v, not after now or too far ahead", in, s.At)
			}
			return
		}
		next := s.Every.Next(now, berlin)
		if !next.After(now) {
			t.Fatalf("Parse(%q).Next = %v, not after now", in, next)
		}
		back, err := ParseRecurrence(s.Every.String())
		if err != nil || back.String() != s.Every.String() || !back.Next(now, berlin).Equal(next) {
			t.Fatalf("round trip of %q (%q) failed: %v", in, s.Every.String(), err)
		}
	})
}

// FuzzLeadingUntil checks the deadline reader and its word-run search agree:
// a run LeadingUntil takes is exactly what ParseUntil reads, inside the bounds.
func FuzzLeadingUntil(f *testing.F) {
	for _, s := range seeds {
		f.Add(s + " and a reason")
	}
	f.Fuzz(func(t *testing.T, in string) {
		words := strings.Fields(in)
		at, n, err := LeadingUntil(words, now, berlin)
		var e *Error
		if err != nil {
			if !errors.As(err, &e) || n != 0 {
				t.Fatalf("LeadingUntil(%q) = %d, %v: want a room-safe error and no words", in, n, err)
			}
			return
		}
		if n < 1 || n > MaxWords || n > len(words) {
			t.Fatalf("LeadingUntil(%q) took %d words", in, n)
		}
		if !at.After(now) || at.Sub(now) > MaxAhead {
			t.Fatalf("LeadingUntil(%q) = %v, out of range", in, at)
		}
		again, err := ParseUntil(strings.Join(words[:n], " "), now, berlin)
		if err != nil || !again.Equal(at) {
			t.Fatalf("LeadingUntil(%q) = %v but ParseUntil of its words = %v, %v", in, at, again, err)
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"3m", "90s", "1h30m", "2 minutes", "an hour", "0m", "-1s", "99999999 w"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d, err := ParseDuration(in)
		var e *Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("ParseDuration(%q) error %T is not room-safe", in, err)
		}
		if err == nil && (d <= 0 || d > maxAhead) {
			t.Fatalf("ParseDuration(%q) = %v, out of range", in, d)
		}
	})
}
