package timeparse

import (
	"testing"
	"time"
)

// TestClocksOfOtherLanguages: French and German speakers write 18h and 18 Uhr
// for 18:00; "at" says a bare hour is a time of day. now is Wed 25 Nov 2026
// 10:00 CET.
func TestClocksOfOtherLanguages(t *testing.T) {
	tests := []struct {
		name, in string
		until    bool
		want     string
	}{
		{"at 18h", "at 18h", false, "2026-11-25 18:00:00"},
		{"at 18h30", "at 18h30", false, "2026-11-25 18:30:00"},
		{"at 18h00", "at 18h00", false, "2026-11-25 18:00:00"},
		{"spaced French", "at 18 h 30", false, "2026-11-25 18:30:00"},
		{"weekday 18h", "fri 18h", false, "2026-11-27 18:00:00"},
		{"weekday 18h30", "fri 18h30", false, "2026-11-27 18:30:00"},
		{"18h then day", "18h fri", false, "2026-11-27 18:00:00"},
		{"tomorrow 9h", "tomorrow 9h", false, "2026-11-26 09:00:00"},
		{"date 18h", "5 dec 18h", false, "2026-12-05 18:00:00"},
		{"Uhr", "18 Uhr", false, "2026-11-25 18:00:00"},
		{"Uhr with colon", "fri 18:30 Uhr", false, "2026-11-27 18:30:00"},
		{"Uhr with dot", "fri 18.30 Uhr", false, "2026-11-27 18:30:00"},
		{"colon then h", "fri 18:30h", false, "2026-11-27 18:30:00"},
		{"British dot pm", "fri 6.30pm", false, "2026-11-27 18:30:00"},
		{"at hour", "at 18", false, "2026-11-25 18:00:00"},
		{"at zero", "at 0", false, "2026-11-26 00:00:00"},
		{"day at hour", "5 dec at 18", false, "2026-12-05 18:00:00"},
		{"at before a date is no hour", "at 5 dec 18:00", false, "2026-12-05 18:00:00"},
		{"0h alone is midnight", "0h", false, "2026-11-26 00:00:00"},
		{"until 18h is a time", "until 18h", true, "2026-11-25 18:00:00"},
		{"until 18h as ParseAt", "until 18h", false, "2026-11-25 18:00:00"},
		{"in 18h is a duration", "in 18h", false, "2026-11-26 04:00:00"},
		{"for 18h is a duration", "for 18h", true, "2026-11-26 04:00:00"},
		{"in 1h30 is French for 90 minutes", "in 1h30", false, "2026-11-25 11:30:00"},
		{"24h alone can only be a duration", "24h", false, "2026-11-26 10:00:00"},
		{"48h stays a duration", "48h", false, "2026-11-27 10:00:00"},
		{"until 48h stays a duration", "until 48h", true, "2026-11-27 10:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parse := ParseAt
			if tt.until {
				parse = ParseUntil
			}
			got, err := parse(nil, tt.in, now, berlin)
			if err != nil || local(got) != tt.want {
				t.Fatalf("(%q) = %s, %v; want %s", tt.in, local(got), err, tt.want)
			}
		})
	}
}

// TestAmbiguousHoursAreAsked: where a bare hour could be a clock or a
// duration, or morning or evening, the answer asks instead of guessing.
func TestAmbiguousHoursAreAsked(t *testing.T) {
	tests := []struct{ in, want string }{
		{"18h", "“18h” could be 18:00 or in 18 hours; say “at 18h” or “in 18h”."},
		{"2h", "“2h” could be 02:00 or in 2 hours; say “at 2h” or “in 2h”."},
		{"1h", "“1h” could be 01:00 or in 1 hour"},
		{"18h30", "“18h30” could be 18:30 or in 18 hours 30 minutes; say “at 18h30” or “in 18h30”."},
		{"18 h", "could be 18:00 or in 18 hours"},
		{"at 9", "“at 9” could be 09:00 or 21:00; say which (or 9am, 9pm)."},
		{"tomorrow at 12", "“at 12” could be 00:00 or 12:00"},
		{"at 25", "There is no 25:00; use 00:00 to 23:59."},
		{"at 24h", "There is no 24h; use 00:00 to 23:59."},
		{"fri 25h", "There is no 25h"},
		{"at 18h75", "There is no 18h75"},
		{"fri 25 Uhr", "There is no 25"},
		{"18 Uhr 30", "couldn't read"}, // written German says 18:30 Uhr; a glued "30" is never guessed
		{"vendredi 18h", "I couldn't read the time “vendredi”"},
	}
	for _, tt := range tests {
		got, err := ParseAt(nil, tt.in, now, berlin)
		if err == nil {
			t.Errorf("ParseAt(nil, %q) = %s, want error %q", tt.in, local(got), tt.want)
			continue
		}
		checkErr(t, err, tt.want)
	}
	// The same question where a deadline is read without "until" ("due 18h").
	_, err := ParseUntil(nil, "18h", now, berlin)
	checkErr(t, err, "“18h” could be 18:00 or in 18 hours")
}

// TestEveryWithOtherClocks: recurrences read the same clocks.
func TestEveryWithOtherClocks(t *testing.T) {
	tests := []struct{ in, canonical string }{
		{"every day 18h", "every day 18:00"},
		{"every friday 18h30", "every fri 18:30"},
		{"every monday at 19", "every mon 19:00"},
		{"every weekday 8 Uhr", "every weekday 08:00"},
		{"every month on the 1st at 10h", "every month on the 1st 10:00"},
	}
	for _, tt := range tests {
		r, err := ParseEvery(nil, tt.in, now, berlin)
		if err != nil || r.String() != tt.canonical {
			t.Errorf("ParseEvery(nil, %q) = %v, %v; want %s", tt.in, r, err, tt.canonical)
		}
	}
	_, err := ParseEvery(nil, "every day at 9", now, berlin)
	checkErr(t, err, "“at 9” could be 09:00 or 21:00")
}

// TestNextWeekday: "next friday" is the first Friday after today, never today:
// tomorrow when said on a Thursday, a week on when said on a Friday. "this
// friday" is plain "friday".
func TestNextWeekday(t *testing.T) {
	tests := []struct {
		name string
		from time.Time
		in   string
		want string
	}{
		{"on a Wednesday", now, "next friday 18:00", "2026-11-27 18:00:00"},
		{"on a Thursday it is tomorrow", time.Date(2026, 11, 26, 10, 0, 0, 0, berlin), "next friday 18:00", "2026-11-27 18:00:00"},
		{"on a Friday it is a week on", time.Date(2026, 11, 27, 10, 0, 0, 0, berlin), "next friday 18:00", "2026-12-04 18:00:00"},
		{"plain friday on a Friday is today", time.Date(2026, 11, 27, 10, 0, 0, 0, berlin), "friday 18:00", "2026-11-27 18:00:00"},
		{"on a Saturday", time.Date(2026, 11, 28, 10, 0, 0, 0, berlin), "next fri 18:00", "2026-12-04 18:00:00"},
		{"next wednesday today", now, "next wed 18:00", "2026-12-02 18:00:00"},
		{"clock first", now, "6pm next friday", "2026-11-27 18:00:00"},
		{"next friday 18h", now, "next friday at 18h", "2026-11-27 18:00:00"},
		{"this friday", now, "this friday 18:00", "2026-11-27 18:00:00"},
		{"across DST", time.Date(2027, 3, 26, 12, 0, 0, 0, berlin), "next friday 18:00", "2027-04-02 18:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseAt(nil, tt.in, tt.from, berlin)
			if err != nil || local(got) != tt.want {
				t.Fatalf("ParseAt(nil, %q) from %s = %s, %v; want %s", tt.in, local(tt.from), local(got), err, tt.want)
			}
		})
	}
	got, err := ParseUntil(nil, "until next friday", now, berlin)
	if err != nil || local(got) != "2026-11-27 23:59:59" {
		t.Errorf("ParseUntil(nil, until next friday) = %s, %v", local(got), err)
	}
	_, err = ParseAt(nil, "next friday", now, berlin)
	checkErr(t, err, "Please add a time of day, like “next friday 18:00”.")
	_, err = ParseAt(nil, "next blursday 18:00", now, berlin)
	checkErr(t, err, "I couldn't read the time at “blursday”: after “next” I expected a weekday or “week” (next friday).")
	_, err = ParseAt(nil, "this week 18:00", now, berlin)
	checkErr(t, err, "after “this” I expected a weekday (this friday).")
}
