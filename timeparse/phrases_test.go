package timeparse

import (
	"strings"
	"testing"
	"time"
)

// TestPhrases covers the ways people write times without a clock, read
// against now = Wed 25 Nov 2026 10:00 CET.
func TestPhrases(t *testing.T) {
	tests := []struct {
		name, in string
		until    bool
		want     string
	}{
		{"for days", "for 2 days", false, "2026-11-27 10:00:00"},
		{"for weeks", "for 3 weeks", false, "2026-12-16 10:00:00"},
		{"for hours deadline", "for 5 hours", true, "2026-11-25 15:00:00"},
		{"for weeks deadline", "For 3 Weeks", true, "2026-12-16 10:00:00"},
		{"next week is monday 09:00", "next week", false, "2026-11-30 09:00:00"},
		{"next week with clock", "next week 18:00", false, "2026-11-30 18:00:00"},
		{"next week evening", "next week evening", false, "2026-11-30 18:00:00"},
		{"until next week is the week's start", "until next week", true, "2026-11-30 00:00:00"},
		{"next week deadline", "next week", true, "2026-11-30 00:00:00"},
		{"until next week as a time", "until next week", false, "2026-11-30 09:00:00"},
		{"sunday evening", "sunday evening", false, "2026-11-29 18:00:00"},
		{"sunday morning", "Sunday Morning", false, "2026-11-29 09:00:00"},
		{"sunday afternoon", "sun afternoon", false, "2026-11-29 14:00:00"},
		{"sunday night", "sunday night", false, "2026-11-29 21:00:00"},
		{"evening first", "evening sunday", false, "2026-11-29 18:00:00"},
		{"tomorrow morning", "tomorrow morning", false, "2026-11-26 09:00:00"},
		{"tomorrow noon", "tomorrow noon", false, "2026-11-26 12:00:00"},
		{"tomorrow midday", "tomorrow midday", false, "2026-11-26 12:00:00"},
		{"midnight is tonight's", "midnight", false, "2026-11-26 00:00:00"},
		{"friday midnight ends friday", "friday midnight", false, "2026-11-28 00:00:00"},
		{"until friday midnight", "until friday midnight", true, "2026-11-28 00:00:00"},
		{"evening today", "evening", false, "2026-11-25 18:00:00"},
		{"this morning passed", "morning", false, "2026-11-26 09:00:00"},
		{"wednesday morning passed", "wed morning", false, "2026-12-02 09:00:00"},
		{"today afternoon", "today afternoon", false, "2026-11-25 14:00:00"},
		{"tonight at night", "tonight night", false, "2026-11-25 21:00:00"},
		{"date evening", "5 dec evening", false, "2026-12-05 18:00:00"},
		{"until sunday evening", "until sunday evening", true, "2026-11-29 18:00:00"},
		{"till friday", "till friday", true, "2026-11-27 23:59:59"},
		{"until with clock", "until fri 18:00", false, "2026-11-27 18:00:00"},
		{"smart-quoted", "“sunday evening”", false, "2026-11-29 18:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parse := ParseAt
			if tt.until {
				parse = ParseUntil
			}
			got, err := parse(nil, tt.in, now, berlin)
			if err != nil {
				t.Fatalf("(%q): %v", tt.in, err)
			}
			if local(got) != tt.want {
				t.Fatalf("(%q) = %s, want %s", tt.in, local(got), tt.want)
			}
			if !tt.until { // Parse dispatches one-shot phrases the same way
				s, err := Parse(nil, tt.in, now, berlin)
				if err != nil || !s.At.Equal(got) {
					t.Fatalf("Parse(nil, %q) = %v, %v; want %v", tt.in, s.At, err, got)
				}
			}
		})
	}
}

// TestNextWeekEachDay pins "next week" on the edges of a week: from Sunday
// it is tomorrow, from Monday a week on.
func TestNextWeekEachDay(t *testing.T) {
	tests := []struct {
		from time.Time
		want string
	}{
		{time.Date(2026, 11, 29, 23, 0, 0, 0, berlin), "2026-11-30 09:00:00"}, // Sunday
		{time.Date(2026, 11, 30, 8, 0, 0, 0, berlin), "2026-12-07 09:00:00"},  // Monday, before 09:00
		{time.Date(2026, 11, 28, 12, 0, 0, 0, berlin), "2026-11-30 09:00:00"}, // Saturday
		{time.Date(2026, 12, 31, 12, 0, 0, 0, berlin), "2027-01-04 09:00:00"}, // across the year
	}
	for _, tt := range tests {
		got, err := ParseAt(nil, "next week", tt.from, berlin)
		if err != nil || local(got) != tt.want {
			t.Errorf("ParseAt(nil, next week) from %s = %s, %v; want %s", local(tt.from), local(got), err, tt.want)
		}
	}
}

func TestPhraseErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"for a day name", "for friday", "couldn't read"},
		{"for alone", "for", "couldn't read"},
		{"until alone", "until", "couldn't read"},
		{"next alone", "next", "couldn't read"},
		{"next month", "next month", "couldn't read"},
		{"two parts of day", "sunday evening morning", "couldn't read"},
		{"far absolute", "5 dec 2200 10:00", "That is too far ahead; keep it under 100 years."},
		{"year 9999", "9999-12-31 23:59", "too far ahead"},
		{"for zero", "for 0 days", "A duration must be more than zero."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseAt(nil, tt.in, now, berlin)
			if err == nil {
				t.Fatalf("ParseAt(nil, %q) = %s, want error %q", tt.in, local(got), tt.want)
			}
			checkErr(t, err, tt.want)
		})
	}
}

func TestEveryWithPartOfDay(t *testing.T) {
	tests := []struct{ in, canonical string }{
		{"every sunday evening", "every sun 18:00"},
		{"every weekday morning", "every weekday 09:00"},
		{"every day midnight", "every day 00:00"},
		{"every day at noon", "every day 12:00"},
	}
	for _, tt := range tests {
		r, err := ParseEvery(nil, tt.in, now, berlin)
		if err != nil || r.String() != tt.canonical {
			t.Errorf("ParseEvery(nil, %q) = %v, %v; want %s", tt.in, r, err, tt.canonical)
		}
	}
	_, err := ParseEvery(nil, "every friday midnight", now, berlin)
	checkErr(t, err, "Midnight is ambiguous here")
}

func TestRelative(t *testing.T) {
	base := time.Date(2026, 11, 25, 10, 0, 0, 0, berlin)
	tests := []struct {
		d    time.Duration
		want string
	}{
		{30 * time.Second, "in under a minute"},
		{time.Minute, "in 1 minute"},
		{90 * time.Second, "in 2 minutes"},
		{45 * time.Minute, "in 45 minutes"},
		{59*time.Minute + 40*time.Second, "in 1 hour"},
		{100 * time.Minute, "in 1 hour 40 minutes"},
		{23*time.Hour + 40*time.Minute, "in 24 hours"},
		{36 * time.Hour, "in 36 hours"},
		{14 * 24 * time.Hour, "in 2 weeks"},
		{0, "just now"},
		{-time.Nanosecond, "just now"},
		{-30 * time.Second, "just now"},
		{-time.Minute, "1 minute ago"},
		{-61 * time.Second, "1 minute ago"},
		{-3 * time.Hour, "3 hours ago"},
		{-50 * time.Hour, "2 days 2 hours ago"},
	}
	for _, tt := range tests {
		got := Relative(nil, base.Add(tt.d), base)
		if got != tt.want {
			t.Errorf("Relative(nil, now%+v) = %q, want %q", tt.d, got, tt.want)
		}
		if past := tt.d <= 0; past != Overdue(base.Add(tt.d), base) {
			t.Errorf("Overdue(now%+v) = %v, want %v", tt.d, !past, past)
		}
		if tt.d <= 0 && strings.HasPrefix(got, "in ") {
			t.Errorf("a past time reads as future: %q", got)
		}
	}
}

// TestFormatPastIsAbsolute: Format never words a time relatively, so a past
// time cannot read as "in 1 minute"; Relative carries the "ago".
func TestFormatPastIsAbsolute(t *testing.T) {
	past := now.Add(-30 * time.Second)
	if got := Format(nil, past, now, berlin); got != "Wed 25 Nov 09:59 CET" {
		t.Fatalf("Format(nil, past) = %q", got)
	}
	if got := Format(nil, past, now, berlin) + ", " + Relative(nil, past, now); got != "Wed 25 Nov 09:59 CET, just now" {
		t.Fatalf("past with Relative = %q", got)
	}
}

func TestWithin(t *testing.T) {
	const days90 = 90 * 24 * time.Hour
	tests := []struct {
		name string
		at   time.Time
		max  time.Duration
		want string
	}{
		{"ok", now.Add(time.Hour), days90, ""},
		{"exactly max", now.Add(days90), days90, ""},
		{"now", now, days90, "That time has already passed."},
		{"past", now.Add(-time.Hour), days90, "That time has already passed."},
		{"too far days", now.Add(days90 + time.Second), days90, "That is too far ahead; keep it within 90 days."},
		{"too far weeks", now.Add(3 * 7 * 24 * time.Hour), 2 * 7 * 24 * time.Hour, "keep it within 2 weeks."},
		{"too far years", now.AddDate(200, 0, 0), MaxAhead, "keep it within 100 years."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Within(tt.at, now, tt.max)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Within = %v, want nil", err)
				}
				return
			}
			checkErr(t, err, tt.want)
		})
	}
}

// TestRelativeNeverEarly: the sub-second part of now must not make a
// relative time come due early, even after the scheduler keeps only
// milliseconds.
func TestRelativeNeverEarly(t *testing.T) {
	tests := []struct {
		in   string
		nano int
		want time.Duration
	}{
		{"in 1 minute", 700_000_000, time.Minute},
		{"in 1 minute", 700_000_400, time.Minute},
		{"in 90s", 999_999_999, 90 * time.Second},
		{"for 2 days", 123_456_789, 48 * time.Hour},
		{"in 1h", 1, time.Hour},
	}
	for _, tt := range tests {
		at := time.Date(2026, 11, 25, 10, 0, 0, tt.nano, berlin)
		got, err := ParseAt(nil, tt.in, at, berlin)
		if err != nil {
			t.Fatalf("ParseAt(nil, %q): %v", tt.in, err)
		}
		stored := time.UnixMilli(got.UnixMilli()) // what the scheduler keeps
		if stored.Sub(at) < tt.want {
			t.Errorf("ParseAt(nil, %q) at %s = %s (stored %s): earlier than now+%v",
				tt.in, at.Format("15:04:05.000000000"), got.Format("15:04:05.000000000"), stored.Format("15:04:05.000"), tt.want)
		}
		if got.Sub(at) > tt.want+time.Millisecond {
			t.Errorf("ParseAt(nil, %q) = %v, more than a millisecond late", tt.in, got)
		}
	}
}
