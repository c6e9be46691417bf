package timeparse

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the machine's zoneinfo
)

// berlin and now are the fixed room zone and clock: Wed 25 Nov 2026 10:00 CET.
var (
	berlin = mustLoad("Europe/Berlin")
	now    = time.Date(2026, 11, 25, 10, 0, 0, 0, berlin)
)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// local renders a result as Berlin wall-clock text for compact tables.
func local(t time.Time) string { return t.In(berlin).Format("2006-01-02 15:04:05") }

// checkErr asserts err is a room-safe *Error containing want.
func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want *Error containing %q", err, err, want)
	}
	if !strings.Contains(e.Error(), want) {
		t.Fatalf("err = %q, want it to contain %q", e.Error(), want)
	}
}

func TestParseAt(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"in minutes short", "in 90m", "2026-11-25 11:30:00"},
		{"in hours", "in 2 hours", "2026-11-25 12:00:00"},
		{"in days keeps wall clock", "in 3 days", "2026-11-28 10:00:00"},
		{"bare hours", "48h", "2026-11-27 10:00:00"},
		{"bare minutes", "90m", "2026-11-25 11:30:00"},
		{"bare days", "2d", "2026-11-27 10:00:00"},
		{"in week", "in 1 week", "2026-12-02 10:00:00"},
		{"in minutes long", "in 45 minutes", "2026-11-25 10:45:00"},
		{"compound", "in 1h30m", "2026-11-25 11:30:00"},
		{"compound words", "in 1 hour and 30 minutes", "2026-11-25 11:30:00"},
		{"an hour", "in an hour", "2026-11-25 11:00:00"},
		{"seconds", "in 90s", "2026-11-25 10:01:30"},
		{"tomorrow", "tomorrow 18:00", "2026-11-26 18:00:00"},
		{"today ahead", "today 18:00", "2026-11-25 18:00:00"},
		{"fri short", "fri 18:00", "2026-11-27 18:00:00"},
		{"friday pm", "friday 6pm", "2026-11-27 18:00:00"},
		{"friday pm minutes", "friday 6:30pm", "2026-11-27 18:30:00"},
		{"monday am", "monday 9am", "2026-11-30 09:00:00"},
		{"weekday today ahead", "wed 18:00", "2026-11-25 18:00:00"},
		{"weekday today passed", "wed 09:00", "2026-12-02 09:00:00"},
		{"weekday today exactly now", "wednesday 10:00", "2026-12-02 10:00:00"},
		{"clock alone ahead", "18:00", "2026-11-25 18:00:00"},
		{"clock alone passed", "9am", "2026-11-26 09:00:00"},
		{"12am is midnight", "tomorrow 12am", "2026-11-26 00:00:00"},
		{"12pm is noon", "tomorrow 12pm", "2026-11-26 12:00:00"},
		{"noon", "tomorrow noon", "2026-11-26 12:00:00"},
		{"iso", "2026-12-05 18:30", "2026-12-05 18:30:00"},
		{"day month", "5 dec 18:30", "2026-12-05 18:30:00"},
		{"month day", "dec 5 18:30", "2026-12-05 18:30:00"},
		{"full with year", "5 december 2026 18:30", "2026-12-05 18:30:00"},
		{"day month 12h", "5 dec 6pm", "2026-12-05 18:00:00"},
		{"ordinal", "dec 5th 18:30", "2026-12-05 18:30:00"},
		{"filler words", "on the 5th of december at 18:30", "2026-12-05 18:30:00"},
		{"month day year", "december 5, 2027 18:30", "2027-12-05 18:30:00"},
		{"no year rolls over", "1 jan 09:00", "2027-01-01 09:00:00"},
		{"no year today passed", "25 nov 09:00", "2027-11-25 09:00:00"},
		{"no year today ahead", "25 nov 18:00", "2026-11-25 18:00:00"},
		{"29 feb next leap year", "29 feb 12:00", "2028-02-29 12:00:00"},
		{"uppercase", "TOMORROW 18:00", "2026-11-26 18:00:00"},
		{"extra spaces", "  Friday    6PM  ", "2026-11-27 18:00:00"},
		{"dotted pm", "fri 6 p.m.", "2026-11-27 18:00:00"},
		{"at", "tomorrow at 18:00", "2026-11-26 18:00:00"},
		{"on at", "on friday at 6pm", "2026-11-27 18:00:00"},
		{"clock first", "18:00 tomorrow", "2026-11-26 18:00:00"},
		{"clock first 12h", "6pm friday", "2026-11-27 18:00:00"},
		{"narrow nbsp before pm", "friday 6\u202fPM", "2026-11-27 18:00:00"},
		{"smart quotes ignored", "“tomorrow 18:00”", "2026-11-26 18:00:00"},
		{"en dash iso", "2026–12–05 18:30", "2026-12-05 18:30:00"},
		{"pasted iso with T", "2026-12-05T18:30", "2026-12-05 18:30:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseAt(nil, tt.in, now, berlin)
			if err != nil {
				t.Fatalf("ParseAt(nil, %q) error: %v", tt.in, err)
			}
			if local(got) != tt.want {
				t.Fatalf("ParseAt(nil, %q) = %s, want %s", tt.in, local(got), tt.want)
			}
			if got.Location() != berlin {
				t.Fatalf("ParseAt(nil, %q) location = %v, want Europe/Berlin", tt.in, got.Location())
			}
		})
	}
}

func TestParseAtErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"garbage", "xyz", "I couldn't read the time “xyz”. Try: in 90m, in 2 hours, in 3 months, 48h, tomorrow 18:00"},
		{"empty", "", "I couldn't read the time “”"},
		{"in alone", "in", "couldn't read"},
		{"bare hour", "5 dec 18", "couldn't read"},
		{"hhmm is not a year", "5 dec 1830", "couldn't read"},
		{"trailing junk", "tomorrow 18:00 please", "couldn't read"},
		{"decimal duration", "in 1.5h", "couldn't read"},
		{"day-month digits", "5/12 18:00", "couldn't read"},
		{"hour 25", "25:00", "There is no 25:00; use 00:00 to 23:59."},
		{"tomorrow hour 25", "tomorrow 25:00", "There is no 25:00"},
		{"minute 60", "tomorrow 18:60", "There is no 18:60"},
		{"13pm", "fri 13pm", "There is no 13pm; use 1 to 12 with am or pm."},
		{"0am", "fri 0am", "There is no 0am"},
		{"18:00pm", "fri 18:00pm", "There is no 18:00pm"},
		{"31 feb", "31 feb 10:00", "There is no 31 Feb."},
		{"32 dec", "dec 32 10:00", "There is no 32 Dec."},
		{"29 feb non-leap", "2027-02-29 10:00", "There is no 29 Feb 2027."},
		{"month 13", "2026-13-05 10:00", "There is no month 13"},
		{"past today", "today 09:00", "That time is in the past: Wed 25 Nov 09:00 CET."},
		{"past year", "2025-01-01 10:00", "That time is in the past: Wed 1 Jan 2025 10:00 CET."},
		{"past this year", "2026-11-03 18:00", "That time is in the past: Tue 3 Nov 18:00 CET."},
		{"now is past", "today 10:00", "in the past"},
		{"weekday without time", "friday", "Please add a time of day, like “friday 18:00”."},
		{"date without time", "5 dec", "Please add a time of day"},
		{"zero", "in 0m", "A duration must be more than zero."},
		{"too far", "in 999999999 weeks", "too far ahead"},
		{"recurring", "every monday 19:00", "“every monday 19:00” repeats; here I need a single time"},
		{"cron", `cron "0 19 * * 1"`, "repeats"},
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

func TestGarbageListsAllForms(t *testing.T) {
	_, err := Parse(nil, "xyz", now, berlin)
	want := `I couldn't read the time “xyz”. Try: in 90m, in 2 hours, 48h, tomorrow 18:00, fri 18:00, friday 6pm, 2026-12-05 18:30, 5 dec 18:30, every monday 19:00, every 2 weeks on tue 19:00, every month on the 1st 10:00, cron "0 19 * * 1".`
	if err == nil || err.Error() != want {
		t.Fatalf("Parse(nil, xyz) err = %v\nwant %s", err, want)
	}
}

func TestLongInputIsTruncatedInErrors(t *testing.T) {
	_, err := ParseAt(nil, strings.Repeat("blah ", 50)+"\nmore", now, berlin)
	checkErr(t, err, "blah blah…”")
	if strings.Contains(err.Error(), "\n") || len(err.Error()) > 300 {
		t.Fatalf("error not chat-sized: %q", err)
	}
}

func TestParseUntil(t *testing.T) {
	tests := []struct{ in, want string }{
		{"friday", "2026-11-27 23:59:59"},
		{"today", "2026-11-25 23:59:59"},
		{"wed", "2026-11-25 23:59:59"},
		{"5 dec", "2026-12-05 23:59:59"},
		{"2027-01-10", "2027-01-10 23:59:59"},
		{"friday 18:00", "2026-11-27 18:00:00"},
		{"in 2 days", "2026-11-27 10:00:00"},
	}
	for _, tt := range tests {
		got, err := ParseUntil(nil, tt.in, now, berlin)
		if err != nil || local(got) != tt.want {
			t.Errorf("ParseUntil(nil, %q) = %s, %v; want %s", tt.in, local(got), err, tt.want)
		}
	}
	_, err := ParseUntil(nil, "2026-11-24", now, berlin)
	checkErr(t, err, "That time is in the past: Tue 24 Nov 23:59 CET.")
}

func TestParseDispatches(t *testing.T) {
	s, err := Parse(nil, "Tomorrow 18:00", now, berlin)
	if err != nil || s.Every != nil || local(s.At) != "2026-11-26 18:00:00" {
		t.Fatalf("Parse one-shot = %+v, %v", s, err)
	}
	s, err = Parse(nil, "EVERY Monday 19:00", now, berlin)
	if err != nil || !s.At.IsZero() || s.Every == nil || s.Every.String() != "every mon 19:00" {
		t.Fatalf("Parse recurring = %+v, %v", s, err)
	}
	_, err = Parse(nil, "every blursday 19:00", now, berlin)
	checkErr(t, err, "I couldn't read the time at “blursday”: after “every” I expected a day or a schedule")
}

func TestNilLocationIsUTC(t *testing.T) {
	got, err := ParseAt(nil, "tomorrow 18:00", now, nil)
	if err != nil || !got.Equal(time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)) {
		t.Fatalf("ParseAt with nil loc = %v, %v", got, err)
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 12, 5, 18, 30, 0, 0, berlin), "Sat 5 Dec 18:30 CET"},
		{time.Date(2026, 7, 1, 9, 5, 0, 0, berlin), "Wed 1 Jul 09:05 CEST"},
		{time.Date(2027, 12, 5, 18, 30, 0, 0, berlin), "Sun 5 Dec 2027 18:30 CET"},
		{time.Date(2026, 12, 5, 17, 30, 0, 0, time.UTC), "Sat 5 Dec 18:30 CET"},
	}
	for _, tt := range tests {
		if got := Format(nil, tt.at, now, berlin); got != tt.want {
			t.Errorf("Format(nil, %v) = %q, want %q", tt.at, got, tt.want)
		}
	}
}
