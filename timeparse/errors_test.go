package timeparse

import (
	"strings"
	"testing"
)

// TestErrorsQuoteWhereReadingStopped: an answer to input that fits no form
// quotes the word where reading stopped, not the whole text, with what was
// read before it and what was expected there.
func TestErrorsQuoteWhereReadingStopped(t *testing.T) {
	tests := []struct{ in, want string }{
		{"next blursday 18:00 party", "I couldn't read the time at “blursday”: after “next” I expected a weekday or “week” (next friday)."},
		{"someday bring cake", "I couldn't read the time “someday”. Try: in 90m,"},
		{"tomorrow 18:00 please", "I couldn't read the time at “please”: after “tomorrow 18:00” I expected nothing more."},
		{"fri 5 apples", "I couldn't read the time at “apples”: after “fri 5” I expected a time of day (5pm, 5:00, 5h)."},
		{"5 dec 18", "I couldn't read the time “5 dec 18”: I expected a time of day (18:00, 18h) after it."},
		{"in", "I couldn't read the time “in”: I expected a number and a unit (90m, 2 hours, 3 months) after it."},
		{"in 5", "I couldn't read the time “in 5”: I expected a unit (min, h, d, w, mo, y) after it."},
		{"in 1.5h", "I couldn't read the time at “1.5h”: after “in 1” I expected whole numbers (1h30m, not 1.5h)."},
		{"in 2 days please", "I couldn't read the time at “please”: after “in 2 days” I expected nothing more."},
		{"until blah", "I couldn't read the time at “blah”: after “until” I expected a day or a time (fri 18:00, in 2 hours)."},
		{"dec x 18:00", "I couldn't read the time at “x”: after “dec” I expected a day of the month (dec 5)."},
		{"2026-12 18:00", "I couldn't read the time at “18:00”: after “2026-12” I expected a date (2026-12-05)."},
		{"tomorrow 18:", "I couldn't read the time “tomorrow 18:”: I expected two digits of minutes (18:00) after it."},
		{"5/12 18:00", "I couldn't read the time at “5/12”: after “5” I expected"},
		{"18:00 blah", "I couldn't read the time at “blah”: after “18:00” I expected a day (tomorrow, fri)."},
		{"next", "I couldn't read the time “next”: I expected a weekday or “week” (next friday) after it."},
	}
	for _, tt := range tests {
		_, err := ParseAt(nil, tt.in, now, berlin)
		checkErr(t, err, tt.want)
	}
	every := []struct{ in, want string }{
		{"every blursday 19:00", "I couldn't read the time at “blursday”: after “every” I expected a day or a schedule"},
		{"every 2 weeks on blursday 19:00", "I couldn't read the time at “blursday”: after “every 2 weeks on” I expected a weekday (tue)."},
		{"every month on the x 10:00", "I couldn't read the time at “x”: after “every month on the” I expected a day of the month (the 1st)."},
		{"every day 19:00 please", "I couldn't read the time at “please”: after “every day 19:00” I expected nothing more."},
		{"every day please", "I couldn't read the time at “please”: after “every day” I expected a time of day (19:00)."},
		{"every 2 weeks on tue 19:00 from xyz", "I couldn't read the time at “xyz”: after “every 2 weeks on tue 19:00 from” I expected a start date (2026-12-01)."},
		{"every", "I couldn't read the time “every”: I expected a day or a schedule"},
	}
	for _, tt := range every {
		_, err := ParseEvery(nil, tt.in, now, berlin)
		checkErr(t, err, tt.want)
	}
}

// TestLeadingQuotesOnlyTheUnreadPart: a command's text after the time is
// never echoed as if it were part of the time.
func TestLeadingQuotesOnlyTheUnreadPart(t *testing.T) {
	tests := []struct {
		in, want string
		every    bool
	}{
		{"someday bring the tables in", "I couldn't read the time “someday”. Try:", false},
		{"next blursday 18:00 party in the yard", "I couldn't read the time at “blursday”: after “next” I expected", false},
		{"every blursday bring cake", "I couldn't read the time at “blursday”: after “every” I expected", true},
		{"every equinox plant the beans", "Please add a time of day, like “every equinox 19:00”.", true},
		{"every day at 9 water the seedlings", "“at 9” could be 09:00 or 21:00", true},
		{"18h bins out", "“18h” could be 18:00 or in 18 hours", false},
	}
	for _, tt := range tests {
		var err error
		if tt.every {
			_, _, err = LeadingEvery(nil, strings.Fields(tt.in), now, berlin)
		} else {
			_, _, err = LeadingAt(nil, strings.Fields(tt.in), now, berlin)
		}
		checkErr(t, err, tt.want)
		for _, w := range []string{"cake", "party", "tables", "beans", "seedlings", "bins"} {
			if strings.Contains(err.Error(), w) {
				t.Errorf("%q: the error echoes the text after the time: %q", tt.in, err)
			}
		}
	}
	r, n, err := LeadingEvery(nil, strings.Fields("every monday 19:00 assembly in the back room"), now, berlin)
	if err != nil || n != 3 || r.String() != "every mon 19:00" {
		t.Errorf("LeadingEvery = %v, %d, %v", r, n, err)
	}
}

// TestQuotedRecurrences: phones quote what people type, recurrences too.
func TestQuotedRecurrences(t *testing.T) {
	for in, want := range map[string]string{
		"“every monday 19:00”": "every mon 19:00",
		`"every day 18h"`:      "every day 18:00",
		`“cron 0 19 * * 1”`:    `cron "0 19 * * 1"`,
	} {
		s, err := Parse(nil, in, now, berlin)
		if err != nil || s.Every == nil || s.Every.String() != want {
			t.Errorf("Parse(nil, %q) = %+v, %v; want %s", in, s, err, want)
		}
	}
}

// TestRecurrencesNeedATime: no recurrence is given a time of day silently;
// all ask for one alike.
func TestRecurrencesNeedATime(t *testing.T) {
	for _, in := range []string{"every day", "every weekday", "every monday", "every 2 weeks on tue", "every month on the 1st",
		"every year on 1 mar", "every solstice", "every equinox", "every season", "every solstice and equinox"} {
		_, err := ParseEvery(nil, in, now, berlin)
		checkErr(t, err, "Please add a time of day, like “"+in+" 19:00”.")
	}
}
