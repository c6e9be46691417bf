package app_test

// Tasks tests that read !status (basics), which gathers the tasks' line with every other
// feature's.

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
)

// tasksRoom starts a kit of every feature whose room has ana as room admin and bo, cy as
// known members.
func tasksRoom(t *testing.T) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Say(t, "bo", "hello")
	room.Say(t, "cy", "hello")
	return kit, room
}

// tasksUntil moves the kit's clock to a moment and returns what the bot said on the way.
func tasksUntil(t *testing.T, kit *apptest.Kit, at time.Time) []apptest.Posted {
	t.Helper()
	return kit.Advance(t, at.Sub(kit.Clock.Now()))
}

func TestTaskFromAddingToItsReminders(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	kit, room := tasksRoom(t)
	posted := room.SayAs(t, apptest.Member("cy"), "!task add repaint the notice board for bo due 28 nov 12:00")
	apptest.Has(t, "add", posted[0].Reply.Text(), "Task #1: “repaint the notice board” for bo, due Sat 28 Nov 12:00 CET. A reminder 1 day before and at the due time.")
	if m := apptest.MentionIDs(posted[0]); len(m) != 1 || m[0] != "bo@example.org" {
		t.Errorf("add mentions %v", m)
	}
	apptest.Has(t, "list", room.SayOne(t, "ana", "!tasks"), "Open tasks:\n• #1 “repaint the notice board” — bo, due Sat 28 Nov 12:00 CET")
	if got := tasksUntil(t, kit, time.Date(2026, 11, 27, 11, 59, 59, 0, berlin)); len(got) != 0 {
		t.Fatalf("before the reminder: %q", apptest.Texts(got))
	}
	got := kit.Advance(t, time.Second)
	if len(got) != 1 || got[0].Reply.Text() != "bo: Reminder: task #1 “repaint the notice board” is due in 1 day, Sat 28 Nov 12:00 CET." {
		t.Fatalf("day before: %q", apptest.Texts(got))
	}
	if m := apptest.MentionIDs(got[0]); len(m) != 1 || m[0] != "bo@example.org" {
		t.Errorf("reminder mentions %v", m)
	}
	got = kit.Advance(t, 24*time.Hour)
	if len(got) != 1 || !strings.HasPrefix(got[0].Reply.Text(), "bo: Task #1 “repaint the notice board” is due now. Done? !task done 1.") {
		t.Fatalf("at the due time: %q", apptest.Texts(got))
	}
	apptest.Has(t, "status", room.SayOne(t, "ana", "!status"), "• 1 open task; overdue: #1 “repaint the notice board” — bo, due Sat 28 Nov 12:00 CET (overdue)")
	apptest.Has(t, "overdue", room.SayOne(t, "ana", "!tasks overdue"), "Overdue tasks:\n• #1")
	apptest.Has(t, "mine", room.SayOne(t, "bo", "!tasks mine"), "Your open tasks:\n• #1")
	apptest.Has(t, "not mine", room.SayOne(t, "cy", "!tasks mine"), "You have no open task.")
	apptest.Has(t, "done", room.SayOne(t, "bo", "!task done 1 painted it green"), "Task #1 “repaint the notice board” is done: painted it green.")
	apptest.Has(t, "all", room.SayOne(t, "bo", "!tasks all"), "No task is open.\nDone or dropped in the last 30 days:\n• #1 “repaint the notice board”, done Sat 28 Nov 12:00 CET: painted it green")
	apptest.Lacks(t, "status after", room.SayOne(t, "ana", "!status"), "open task")
}

// !status names five overdue tasks and counts the rest.
func TestStatusCountsManyOverdueTasks(t *testing.T) {
	kit, room := tasksRoom(t)
	for range 7 {
		room.Say(t, "bo", "!task add sweep due tomorrow 12:00")
	}
	kit.Advance(t, 72*time.Hour)
	got := room.SayOne(t, "bo", "!status")
	apptest.Has(t, "status", got, "• 7 open tasks; overdue: #1", "#5 “sweep”", "2 more (!tasks overdue)")
	apptest.Lacks(t, "status", got, "#6")
}
