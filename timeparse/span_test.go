package timeparse

import (
	"testing"
	"time"
)

// TestCalendarMonthsAndYears: months and years are read wherever a duration
// is, and added on the room's calendar. now is Wed 25 Nov 2026 10:00 CET.
func TestCalendarMonthsAndYears(t *testing.T) {
	tests := []struct {
		in    string
		until bool
		want  string
	}{
		{"in 2 months", false, "2027-01-25 10:00:00"},
		{"for 3 months", true, "2027-02-25 10:00:00"},
		{"for a year", true, "2027-11-25 10:00:00"},
		{"for 1 year", true, "2027-11-25 10:00:00"},
		{"in 1y", false, "2027-11-25 10:00:00"},
		{"in a month", false, "2026-12-25 10:00:00"},
		{"in 6mo", false, "2027-05-25 10:00:00"}, // summer time: the wall clock stays
		{"in 1 year 2 months 3 days 4 hours", false, "2028-01-28 14:00:00"},
		{"2 months", false, "2027-01-25 10:00:00"},
		{"in 99 years", false, "2125-11-25 10:00:00"},
		{"until 15 dec", true, "2026-12-15 23:59:59"}, // until forms unchanged
	}
	for _, tt := range tests {
		parse := ParseAt
		if tt.until {
			parse = ParseUntil
		}
		got, err := parse(nil, tt.in, now, berlin)
		if err != nil || local(got) != tt.want {
			t.Errorf("(%q) = %s, %v; want %s", tt.in, local(got), err, tt.want)
		}
	}
}

// TestSpanAddToClampsToTheMonthsEnd: a day the target month lacks is its
// last day, and the wall clock stays across DST.
func TestSpanAddToClampsToTheMonthsEnd(t *testing.T) {
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, berlin) }
	tests := []struct {
		name string
		from time.Time
		span Span
		want string
	}{
		{"31 Jan + 1 month", at(2027, 1, 31, 10), Span{Months: 1}, "2027-02-28 10:00:00"},
		{"31 Jan + 1 month, leap year", at(2028, 1, 31, 10), Span{Months: 1}, "2028-02-29 10:00:00"},
		{"29 Feb + 1 year", at(2028, 2, 29, 10), Span{Months: 12}, "2029-02-28 10:00:00"},
		{"31 Mar + 1 month", at(2027, 3, 31, 10), Span{Months: 1}, "2027-04-30 10:00:00"},
		{"31 Dec + 2 months", at(2026, 12, 31, 10), Span{Months: 2}, "2027-02-28 10:00:00"},
		{"months first, then days", at(2027, 1, 30, 10), Span{Months: 1, Days: 2}, "2027-03-02 10:00:00"},
		{"into summer time keeps 10:00", at(2027, 3, 1, 10), Span{Months: 1}, "2027-04-01 10:00:00"},
		{"into winter time keeps 10:00", at(2027, 10, 1, 10), Span{Months: 1}, "2027-11-01 10:00:00"},
		{"a skipped hour moves on", time.Date(2027, 2, 28, 2, 30, 0, 0, berlin), Span{Months: 1}, "2027-03-28 03:30:00"},
		{"exact hours are elapsed", time.Date(2027, 3, 27, 12, 0, 0, 0, berlin), Span{Exact: 24 * time.Hour}, "2027-03-28 13:00:00"},
		{"days keep the clock", time.Date(2027, 3, 27, 12, 0, 0, 0, berlin), Span{Days: 1}, "2027-03-28 12:00:00"},
	}
	for _, tt := range tests {
		if got := local(tt.span.AddTo(tt.from, berlin)); got != tt.want {
			t.Errorf("%s: %+v from %s = %s, want %s", tt.name, tt.span, local(tt.from), got, tt.want)
		}
	}
	if got := (Span{Months: 1}).AddTo(time.Date(2027, 1, 31, 10, 0, 0, 0, time.UTC), nil); !got.Equal(time.Date(2027, 2, 28, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("nil location = %v, want UTC", got)
	}
}

func TestParseSpan(t *testing.T) {
	tests := []struct {
		in   string
		want Span
	}{
		{"3 months", Span{Months: 3}},
		{"a year", Span{Months: 12}},
		{"1y 6mo", Span{Months: 18}},
		{"2 weeks", Span{Days: 14}},
		{"1h30", Span{Exact: 90 * time.Minute}},
		{"90m", Span{Exact: 90 * time.Minute}},
	}
	for _, tt := range tests {
		got, err := ParseSpan(nil, tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseSpan(nil, %q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
	for in, want := range map[string]string{
		"":                  "I couldn't read the duration “”",
		"soon":              "I couldn't read the duration “soon”. Try: 90m, 2 days, 3 months, 1y (units: s, m (minutes), h, d, w, mo (months), y (years)).",
		"1x":                "I couldn't read the duration at “1x”: after “1” I expected a unit (min, h, d, w, mo, y).",
		"0 months":          "A duration must be more than zero.",
		"99999999 years":    "That is too far ahead; keep it under 100 years.",
		"999999999 months":  "too far ahead",
		"100 years":         "too far ahead",
		"3 months 999999 y": "too far ahead",
	} {
		_, err := ParseSpan(nil, in)
		checkErr(t, err, want)
	}
}

// TestAbsurdSpansAreRefusedCleanly: no overflow, whatever the number.
func TestAbsurdSpansAreRefusedCleanly(t *testing.T) {
	for _, in := range []string{"in 99999999 years", "in 999999999 months", "for 999999999 y", "in 1200 months", "in 100 years",
		"in 60 years 60 years", "in 99 years 12 months"} {
		got, err := ParseAt(nil, in, now, berlin)
		if err == nil {
			t.Errorf("ParseAt(nil, %q) = %s, want too far ahead", in, local(got))
			continue
		}
		checkErr(t, err, "too far ahead")
	}
	// 99 years and 11 months is inside the bound on the calendar too.
	if _, err := ParseAt(nil, "in 99 years 11 months", now, berlin); err != nil {
		t.Errorf("99 years 11 months: %v", err)
	}
}
