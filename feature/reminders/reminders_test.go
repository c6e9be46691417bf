package reminders_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
)

var berlin, _ = time.LoadLocation("Europe/Berlin")

// texts moves the clock to at and returns what the bot said on the way.
func until(t *testing.T, kit *apptest.Kit, at time.Time) []string {
	t.Helper()
	return apptest.Texts(kit.Advance(t, at.Sub(kit.Clock.Now())))
}

func TestRemindTheRoomOnce(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.Answers(t, "ana", "!remind fri 18:00 bring the tables in",
		"Reminder #1 for the room at Fri 27 Nov 18:00 CET (in 2 days 8 hours): “bring the tables in”. Cancel it with !remind cancel 1.")
	room.Answers(t, "bo", "!reminders", "Pending reminders (times in Europe/Berlin):\n• #1 Fri 27 Nov 18:00 CET: “bring the tables in”")
	if got := until(t, kit, time.Date(2026, 11, 27, 17, 59, 59, 999e6, berlin)); len(got) != 0 {
		t.Fatalf("early: %q", got)
	}
	posted := kit.Advance(t, time.Millisecond)
	if len(posted) != 1 || posted[0].Reply.Text() != "Reminder: bring the tables in" || !posted[0].Reply.Notice {
		t.Fatalf("at 18:00: %+v", apptest.Texts(posted))
	}
	if got := kit.Advance(t, 7*24*time.Hour); len(got) != 0 {
		t.Fatalf("fired twice: %q", apptest.Texts(got))
	}
	room.Answers(t, "bo", "!reminders", "No reminder is pending.")
}

// A relative reminder set at a sub-second "now" never fires before its time: the due time
// is rounded up to the second.
func TestRelativeReminderNeverFiresEarly(t *testing.T) {
	start := apptest.Start.Add(700 * time.Millisecond)
	kit := apptest.NewAt(t, t.TempDir(), start, features()...)
	room := kit.Room("a")
	room.Answers(t, "ana", "!remind me in 10m check the oven", "Reminder #1 for you at Wed 25 Nov 10:10 CET")
	due := start.Add(10 * time.Minute)
	for _, at := range []time.Time{due.Add(-time.Second), due.Add(-time.Millisecond), due} {
		if got := until(t, kit, at); len(got) != 0 {
			t.Fatalf("at %s, %s before the due time: %q", at.Format("15:04:05.000"), due.Sub(at), got)
		}
	}
	posted := kit.Advance(t, 300*time.Millisecond) // 10:10:01, the due time rounded up
	if len(posted) != 1 || posted[0].Reply.Text() != "ana: Reminder: check the oven" {
		t.Fatalf("fired: %q", apptest.Texts(posted))
	}
	if m := apptest.MentionIDs(posted[0]); len(m) != 1 || m[0] != "ana@example.org" {
		t.Errorf("mentions %v", m)
	}
}

func TestCancelReminder(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.Say(t, "ana", "!remind every monday 19:00 assembly in the back room")
	room.Answers(t, "ana", "!remind cancel 1", "Reminder #1 “assembly in the back room” is cancelled.")
	room.Answers(t, "ana", "!remind cancel 1", "There is no pending reminder #1 in this room")
	if got := kit.Advance(t, 14*24*time.Hour); len(got) != 0 {
		t.Fatalf("a cancelled reminder fired: %q", apptest.Texts(got))
	}
}

func TestBadReminderInputStoresNothing(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	tests := []struct{ in, want string }{
		{"!remind", "Say when and what."},
		{"!remind someday bring cake", "I couldn't read the time “someday”. Try: in 90m"},
		{"!remind every blursday bring cake", "I couldn't read the time at “blursday”: after “every” I expected a day or a schedule (day, weekday, monday"},
		{"!remind 2026-01-01 10:00 bring cake", "That time is in the past"},
		{"!remind fri 18:00", "Say what to remind of after the time."},
		{"!remind me", "Say when and what."},
		{"!remind every monday 19:00", "Say what to remind of after the time."},
		{"!remind cancel 9", "There is no pending reminder #9"},
		{"!remind cancel x", "“x” is not a reminder number"},
		{"!remind tomorrow 09:00 " + strings.Repeat("x", 301), "under 300 characters"},
	}
	for _, tc := range tests {
		room.Answers(t, "ana", tc.in, tc.want)
	}
	room.Answers(t, "ana", "!reminders", "No reminder is pending.")
	if got := kit.Advance(t, 400*24*time.Hour); len(got) != 0 {
		t.Fatalf("something was scheduled: %q", apptest.Texts(got))
	}
}

func TestReminderTextIsInert(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.Say(t, "ana", "!remind in 1h <b>tea</b>\u202e\u2066 now")
	got := apptest.Texts(kit.Advance(t, time.Hour))
	if len(got) != 1 || got[0] != "Reminder: <b>tea</b> now" {
		t.Fatalf("fired %q", got)
	}
}
