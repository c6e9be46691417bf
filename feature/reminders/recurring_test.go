package reminders_test

import (
	"testing"
	"time"

	"folkmoot/app/apptest"
)

// A weekly reminder keeps 19:00 local time on both sides of a DST change: in spring the
// occurrence after the change comes an hour earlier in UTC, in autumn an hour later.
func TestRecurringReminderKeepsLocalTimeAcrossDST(t *testing.T) {
	tests := []struct {
		name          string
		start         time.Time // Monday before the week of the change
		before, after time.Time // the occurrences on either side of the change, in UTC
	}{
		{"spring", time.Date(2027, 3, 15, 9, 0, 0, 0, time.UTC),
			time.Date(2027, 3, 21, 18, 0, 0, 0, time.UTC), time.Date(2027, 3, 28, 17, 0, 0, 0, time.UTC)},
		{"autumn", time.Date(2027, 10, 18, 9, 0, 0, 0, time.UTC),
			time.Date(2027, 10, 24, 17, 0, 0, 0, time.UTC), time.Date(2027, 10, 31, 18, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kit := apptest.NewAt(t, t.TempDir(), tc.start, features()...)
			room := kit.Room("a")
			room.Answers(t, "ana", "!remind every sunday 19:00 water the seedlings", "every Sunday at 19:00 (Europe/Berlin time)")
			for _, at := range []time.Time{tc.before, tc.after} {
				if got := until(t, kit, at.Add(-time.Millisecond)); len(got) != 0 {
					t.Fatalf("before %s: %q", at, got)
				}
				if got := until(t, kit, at); len(got) != 1 || got[0] != "Reminder: water the seedlings" {
					t.Fatalf("at %s (19:00 in Berlin): %q", at, got)
				}
			}
			room.Answers(t, "ana", "!reminders", "then every Sunday at 19:00: “water the seedlings”")
		})
	}
}

// The seasonal and yearly schedules work through the command and echo their next date.
func TestSeasonalReminders(t *testing.T) {
	tests := []struct{ in, want string }{
		{"!remind every solstice 19:00 season walk", "every solstice (June and December) at 19:00 (Europe/Berlin time), first Mon 21 Dec 19:00 CET"},
		{"!remind every equinox 9am seed swap", "every equinox (March and September) at 09:00 (Europe/Berlin time), first Sat 20 Mar 2027 09:00 CET"},
		{"!remind every season at 09:00 walk the bounds", "every equinox and solstice at 09:00 (Europe/Berlin time), first Mon 21 Dec 09:00 CET"},
		{"!remind every year on 1 mar morning review our digital tools", "every year on 1 March at 09:00 (Europe/Berlin time), first Mon 1 Mar 2027 09:00 CET"},
		{"!remind me every weekday 08:30 stretch", "Reminder #1 for you, every weekday (Mon-Fri) at 08:30"},
		{`!remind cron "0 19 * * 1" assembly`, "on the cron schedule “0 19 * * 1”"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			kit := apptest.New(t, features()...)
			kit.Room("a").Answers(t, "ana", tc.in, tc.want)
		})
	}
}

// The solstice reminder fires on the day of the solstice and again at the next one.
func TestSolsticeReminderFiresEachSolstice(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.Say(t, "ana", "!remind every solstice 19:00 season walk")
	berlinAt := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 19, 0, 0, 0, berlin) }
	for _, at := range []time.Time{berlinAt(2026, 12, 21), berlinAt(2027, 6, 21)} {
		if got := until(t, kit, at.Add(-time.Second)); len(got) != 0 {
			t.Fatalf("before %s: %q", at, got)
		}
		if got := until(t, kit, at); len(got) != 1 {
			t.Fatalf("at %s: %q", at, got)
		}
	}
}

// A reminder due while folkmoot was down fires once at start within the grace window (an
// hour by default), or is reported missed after it.
func TestReminderDueWhileDown(t *testing.T) {
	tests := []struct {
		name string
		down time.Duration // how long after the due time folkmoot starts again
		want string
	}{
		{"within grace", 30 * time.Minute, "Reminder: tea (due Wed 25 Nov 10:10 CET; folkmoot was offline then)"},
		{"missed", 2 * time.Hour, "While folkmoot was offline, the reminder #1 “tea” due Wed 25 Nov 10:10 CET was missed."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			kit := apptest.NewAt(t, dir, apptest.Start, features()...)
			kit.Room("a").Say(t, "ana", "!remind in 10m tea")
			kit.Close()
			kit = apptest.NewAt(t, dir, apptest.Start.Add(10*time.Minute+tc.down), features()...)
			if got := apptest.Texts(kit.Tick(t)); len(got) != 1 || got[0] != tc.want {
				t.Fatalf("at start: %q", got)
			}
			if got := kit.Advance(t, 24*time.Hour); len(got) != 0 {
				t.Fatalf("again: %q", apptest.Texts(got))
			}
		})
	}
}
