package app_test

// Reminders tests that need another feature: !tz (basics) moves a room's repeating
// reminders to its new timezone.

import (
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
)

// remindersUntil moves the clock to at and returns what the bot said on the way.
func remindersUntil(t *testing.T, kit *apptest.Kit, at time.Time) []string {
	t.Helper()
	return apptest.Texts(kit.Advance(t, at.Sub(kit.Clock.Now())))
}

// !tz moves a repeating reminder so it keeps its local wall time in the new zone.
func TestTimezoneChangeKeepsWallTime(t *testing.T) {
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("a")
	room.Admin("ana")
	room.Say(t, "ana", "!remind every monday 19:00 assembly")
	room.Say(t, "ana", "!remind mon 19:00 once")
	room.Answers(t, "ana", "!tz America/New_York", "now America/New_York")
	room.Answers(t, "ana", "!reminders", "Pending reminders (times in America/New_York):",
		"• #2 Mon 30 Nov 13:00 EST: “once”", "• #1 Mon 30 Nov 19:00 EST, then every Monday at 19:00: “assembly”")
	ny, _ := time.LoadLocation("America/New_York")
	if got := remindersUntil(t, kit, time.Date(2026, 11, 30, 12, 59, 59, 0, ny)); len(got) != 0 {
		t.Fatalf("early: %q", got)
	}
	if got := remindersUntil(t, kit, time.Date(2026, 11, 30, 13, 0, 0, 0, ny)); len(got) != 1 || got[0] != "Reminder: once" {
		t.Fatalf("the one-time reminder keeps its moment: %q", got)
	}
	if got := remindersUntil(t, kit, time.Date(2026, 11, 30, 18, 59, 59, 0, ny)); len(got) != 0 {
		t.Fatalf("at 19:00 in Berlin: %q", got)
	}
	if got := remindersUntil(t, kit, time.Date(2026, 11, 30, 19, 0, 0, 0, ny)); len(got) != 1 || got[0] != "Reminder: assembly" {
		t.Fatalf("at 19:00 in New York: %q", got)
	}
}
