package reminders_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
)

// The times newcomers type (issue 19), as conversations; the kit's clock is Wed 25 Nov 2026
// 10:00 in Europe/Berlin.
func TestRemindTimesNewcomersType(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"French clock", "!remind at 18h bins out", "Reminder #1 for the room at Wed 25 Nov 18:00 CET (in 8 hours): “bins out”."},
		{"French clock with minutes", "!remind fri 18h30 apéro", "at Fri 27 Nov 18:30 CET (in 2 days 9 hours): “apéro”."},
		{"German clock", "!remind 18 Uhr Müll rausbringen", "at Wed 25 Nov 18:00 CET (in 8 hours): “Müll rausbringen”."},
		{"in 18h stays a duration", "!remind in 18h bins out", "at Thu 26 Nov 04:00 CET (in 18 hours): “bins out”."},
		{"bare 18h is asked about", "!remind 18h bins out", "“18h” could be 18:00 or in 18 hours; say “at 18h” or “in 18h”."},
		{"next weekday", "!remind next friday 18:00 party", "at Fri 27 Nov 18:00 CET (in 2 days 8 hours): “party”."},
		{"months", "!remind in 2 months renew the hall booking", "at Mon 25 Jan 2027 10:00 CET (in 61 days): “renew the hall booking”."},
		{"a year", "!remind me in a year how did the garden do?", "Reminder #1 for you at Thu 25 Nov 2027 10:00 CET"},
		{"Arabic-Indic digits", "!remind fri ١٨:٠٠ رێزان brings bread", "at Fri 27 Nov 18:00 CET (in 2 days 8 hours): “رێزان brings bread”."},
		{"every day at an hour", "!remind every day at 19 water the seedlings 🌻", "every day at 19:00 (Europe/Berlin time), first Wed 25 Nov 19:00 CET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kit := apptest.New(t, features()...)
			kit.Room("a").Answers(t, "ana", tt.in, tt.want)
		})
	}
}

// A refusal quotes the part it could not read and says what it expected; recurrences without a
// time of day are all refused alike; absurd lengths are refused; nothing is stored.
func TestRemindRefusalsSayWhatWasExpected(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	tests := []struct{ in, want string }{
		{"!remind next blursday 18:00 party", "I couldn't read the time at “blursday”: after “next” I expected a weekday or “week” (next friday)."},
		{"!remind next friday party", "Please add a time of day, like “next friday 18:00”."},
		{"!remind every equinox plant the beans", "Please add a time of day, like “every equinox 19:00”."},
		{"!remind every year on 1 mar review the tools", "Please add a time of day, like “every year on 1 mar 19:00”."},
		{"!remind every day at 9 water the seedlings", "“at 9” could be 09:00 or 21:00; say which (or 9am, 9pm)."},
		{"!remind every day water the seedlings", "Please add a time of day, like “every day 19:00”."},
		{"!remind in 99999999 years the sun", "That is too far ahead; keep it under 100 years."},
		{"!remind in 1.5h tea", "I couldn't read the time at “1.5h”: after “in 1” I expected whole numbers (1h30m, not 1.5h)."},
	}
	for _, tt := range tests {
		got := room.Answers(t, "ana", tt.in, tt.want)
		for _, text := range []string{"party", "beans", "seedlings", "the sun", "tea"} {
			if strings.Contains(got, text) && !strings.Contains(tt.want, text) {
				t.Errorf("%s: the refusal quotes the reminder's text: %q", tt.in, got)
			}
		}
	}
	room.Answers(t, "ana", "!reminders", "No reminder is pending.")
	if got := kit.Advance(t, 400*24*time.Hour); len(got) != 0 {
		t.Fatalf("something was scheduled: %q", apptest.Texts(got))
	}
}

// A phone's quotes around a repeating time keep it repeating.
func TestRemindQuotedRecurrence(t *testing.T) {
	kit := apptest.New(t, features()...)
	kit.Room("a").Answers(t, "ana", "!remind “every monday 19:00” assembly", "Reminder #1 for the room, every Monday at 19:00", "“assembly”")
}
