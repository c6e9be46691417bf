package tasks_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/feature/tasks"
	"folkmoot/schedule"
)

// taskRoom starts a kit whose room has ana as room admin and bo, cy as known members.
func taskRoom(t *testing.T) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.New(t, features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Say(t, "bo", "hello")
	room.Say(t, "cy", "hello")
	return kit, room
}

// until moves the kit's clock to a moment and returns what the bot said on the way.
func until(t *testing.T, kit *apptest.Kit, at time.Time) []apptest.Posted {
	t.Helper()
	return kit.Advance(t, at.Sub(kit.Clock.Now()))
}

var berlin, _ = time.LoadLocation("Europe/Berlin")

func TestClosedTaskIsNotReminded(t *testing.T) {
	kit, room := taskRoom(t)
	room.Say(t, "bo", "!task add fix the door due tomorrow 18:00")
	apptest.Has(t, "drop", room.SayOne(t, "bo", "!task drop 1 the landlord fixed it"), "Task #1 “fix the door” is dropped: the landlord fixed it.")
	if got := kit.Advance(t, 72*time.Hour); len(got) != 0 {
		t.Fatalf("a dropped task reminded: %q", apptest.Texts(got))
	}
	apptest.Has(t, "again", room.SayOne(t, "bo", "!task done 1"), "Task #1 is already dropped")
}

func TestTakeAndGive(t *testing.T) {
	kit, room := taskRoom(t)
	apptest.Has(t, "add", room.SayOne(t, "ana", "!task add bring chairs due fri 18:00"), "Task #1: “bring chairs”, due Fri 27 Nov 18:00 CET. Nobody has it yet: !task take 1.")
	apptest.Has(t, "take", room.SayOne(t, "bo", "!task take 1"), "Task #1 “bring chairs” is now bo's, due Fri 27 Nov 18:00 CET.")
	apptest.Has(t, "take taken", room.SayOne(t, "cy", "!task take 1"), "Task #1 is bo's")
	apptest.Has(t, "give refused", room.SayOne(t, "cy", "!task give 1 cy"), "Only its owner (bo), whoever created it (ana), the room's facilitator, room admins or bot admins may give task #1 to someone.")
	posted := room.SayAs(t, apptest.Member("bo"), "!task give 1 cy")
	apptest.Has(t, "give", posted[0].Reply.Text(), "Task #1 “bring chairs” is now cy's")
	if m := apptest.MentionIDs(posted[0]); len(m) != 1 || m[0] != "cy@example.org" {
		t.Errorf("give mentions %v", m)
	}
	got := append(until(t, kit, time.Date(2026, 11, 26, 18, 0, 0, 0, berlin)), until(t, kit, time.Date(2026, 11, 27, 18, 0, 0, 0, berlin))...)
	if len(got) != 2 || apptest.MentionIDs(got[0])[0] != "cy@example.org" || apptest.MentionIDs(got[1])[0] != "cy@example.org" {
		t.Fatalf("the reminders go to the new owner: %q", apptest.Texts(got))
	}
}

func TestWhoMayCloseATask(t *testing.T) {
	tests := []struct{ who, cmd, want string }{
		{"bo", "!task done 1", "is done"},     // the owner
		{"cy", "!task done 1", "is done"},     // whoever created it
		{"ana", "!task drop 1", "is dropped"}, // a room admin
		{"dan", "!task done 1", "Only its owner (bo), whoever created it (cy), the room's facilitator, room admins or bot admins may mark task #1 done."},
	}
	for _, tc := range tests {
		t.Run(tc.who, func(t *testing.T) {
			_, room := taskRoom(t)
			room.Say(t, "cy", "!task add sweep the yard for bo")
			apptest.Has(t, tc.cmd, room.SayOne(t, tc.who, tc.cmd), tc.want)
		})
	}
}

func TestBadTaskInputStoresNothing(t *testing.T) {
	kit, room := taskRoom(t)
	tests := []struct{ in, want string }{
		{"!task", "Say what to do: add, done, drop, take or give."},
		{"!task add", "Say what the task is"},
		{"!task add fix it for zoe", "I don't know a member “zoe” in this room."},
		{"!task add fix it due someday", "I couldn't read the time “someday”. Try: in 90m"},
		{"!task add fix it due", "Say when it is due"},
		{"!task add fix it due 2026-01-01 10:00", "That time is in the past"},
		{"!task done 7", "There is no task #7 in this room (!tasks lists them)."},
		{"!task done seven", "“seven” is not a task number"},
		{"!task take 7", "There is no task #7"},
		{"!task give 7 bo", "There is no task #7"},
		{"!tasks everything", "Say mine, all or overdue"},
	}
	for _, tc := range tests {
		apptest.Has(t, tc.in, room.SayOne(t, "bo", tc.in), tc.want)
	}
	apptest.Has(t, "nothing stored", room.SayOne(t, "bo", "!tasks all"), "No task is open, and none was closed in the last 30 days.")
	// What !status (basics) calls "Nothing scheduled.": no job waits in the room.
	if jobs, err := schedule.Pending(context.Background(), kit.App.DB, room.Room, ""); err != nil || len(jobs) != 0 {
		t.Errorf("nothing scheduled: %+v %v", jobs, err)
	}
}

func TestTaskTextIsInert(t *testing.T) {
	_, room := taskRoom(t)
	got := room.SayOne(t, "bo", "!task add <b>fix</b>\u202e the\ndoor")
	apptest.Has(t, "add", got, "Task #1: “<b>fix</b> the door”.")
	if strings.Contains(got, "\u202e") {
		t.Error("a bidi override reached the room")
	}
}

// tasks.remind_before sets the reminders: here three days and an hour before, none at the due time.
func TestRemindersFollowTheConfig(t *testing.T) {
	kit := apptest.NewWith(t, t.TempDir(), apptest.Start, func(c *config.Config) {
		c.SetSection("tasks", &tasks.Settings{RemindBefore: []config.Duration{{Duration: 72 * time.Hour}, {Duration: time.Hour}}})
	}, features()...)
	room := kit.Room("assembly")
	room.Say(t, "bo", "hello")
	room.Answers(t, "bo", "!task add sweep the yard for bo due 30 nov 12:00", "Reminders 3 days and 1 hour before the due time.")
	var got []string
	for _, at := range []time.Time{time.Date(2026, 11, 27, 12, 0, 0, 0, berlin), time.Date(2026, 11, 30, 11, 0, 0, 0, berlin), time.Date(2026, 11, 30, 13, 0, 0, 0, berlin)} {
		got = append(got, apptest.Texts(until(t, kit, at))...)
	}
	want := []string{
		"bo: Reminder: task #1 “sweep the yard” is due in 3 days, Mon 30 Nov 12:00 CET.",
		"bo: Reminder: task #1 “sweep the yard” is due in 1 hour, Mon 30 Nov 12:00 CET.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("reminders: %q, want %q", got, want)
	}
}

// After an outage that spanned a task's reminders, only the last one due speaks, for each
// task on its own: one task's reminder never silences another's.
func TestAfterAnOutageEachTaskHearsItsLastReminder(t *testing.T) {
	dir := t.TempDir()
	edit := func(c *config.Config) {
		c.SetSection("tasks", &tasks.Settings{RemindBefore: []config.Duration{{Duration: 72 * time.Hour}, {Duration: 24 * time.Hour}}})
	}
	kit := apptest.NewWith(t, dir, apptest.Start, edit, features()...)
	room := kit.Room("assembly")
	room.Say(t, "bo", "hello")
	room.Say(t, "bo", "!task add sweep the yard for bo due 30 nov 12:00")
	room.Say(t, "bo", "!task add paint the gate 🌻 for bo due 30 nov 12:00")
	kit.Close()
	kit = apptest.NewWith(t, dir, time.Date(2026, 11, 29, 13, 0, 0, 0, berlin), edit, features()...)
	got := apptest.Texts(kit.Tick(t))
	want := []string{
		"bo: Reminder: task #1 “sweep the yard” is due in 23 hours, Mon 30 Nov 12:00 CET.",
		"bo: Reminder: task #2 “paint the gate 🌻” is due in 23 hours, Mon 30 Nov 12:00 CET.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("after the outage: %q, want %q", got, want)
	}
}

// A task is for a member of the room: an ID from elsewhere, or someone who has left, is
// refused with what to do, and nothing is stored or mentioned.
func TestATaskIsForAMemberOfTheRoom(t *testing.T) {
	_, room := taskRoom(t)
	room.SayAs(t, bot.Member{ID: "zoe@example.org", Name: "Zoë 🌻"}, "hello")
	tests := []struct{ in, want string }{
		{"!task add fix the door for @mallory:elsewhere.org", "@mallory:elsewhere.org is not a member of this room, and a task is for someone here. Name a member of the room, or nobody: then anyone here may take it."},
		{"!task add fix the door for mallory@elsewhere.org due fri 18:00", "mallory@elsewhere.org is not a member of this room"},
	}
	posted := room.SayAs(t, apptest.Member("ana"), tests[0].in)
	if len(posted) != 1 || len(apptest.MentionIDs(posted[0])) != 0 {
		t.Fatalf("a stranger was mentioned: %+v", posted)
	}
	apptest.Has(t, tests[0].in, posted[0].Reply.Text(), tests[0].want)
	room.Answers(t, "ana", tests[1].in, tests[1].want)
	apptest.Has(t, "nothing stored", room.SayOne(t, "ana", "!tasks"), "No task is open.")
	room.Answers(t, "ana", "!task add fix the door for zoe@example.org", "Task #1: “fix the door” for Zoë 🌻.")
	room.Answers(t, "ana", "!task give 1 @mallory:elsewhere.org", "@mallory:elsewhere.org is not a member of this room, and a task is for someone here. Give it to a member of the room.")
	room.Answers(t, "ana", "!task give 1 zoe@example.org", "Task #1 is already Zoë 🌻's.")
	room.Answers(t, "ana", "!tasks", "#1 “fix the door” — Zoë 🌻")

	// Where the network lists the room's members, someone seen once who has left is not one.
	kit2, room2 := taskRoom(t)
	kit2.Transport.SetMembers(room2.Room, apptest.Member("ana"), apptest.Member("cy"))
	room2.Answers(t, "ana", "!task add sweep for bo", "bo is not a member of this room")
	room2.Answers(t, "ana", "!task add sweep for cy", "Task #1: “sweep” for cy.")
	room2.Answers(t, "ana", "!task give 1 bo", "bo is not a member of this room")
}

// Open tasks are capped per member (those they added, over every room and private messages)
// and per room; the refusal says the limit and its key. Closing one makes room again.
func TestOpenTasksAreCapped(t *testing.T) {
	kit := apptest.NewWith(t, t.TempDir(), apptest.Start, func(c *config.Config) {
		c.Limits.OpenTasksPerMember, c.Limits.OpenTasksPerRoom = 3, 5
	}, features()...)
	room, other := kit.Room("a"), kit.Room("b")
	room.Say(t, "bo", "!task add sweep the yard")
	room.Say(t, "bo", "!task add paint the gate 🌻")
	other.Say(t, "bo", "!task add order seeds")
	perMember := "You have added 3 tasks that are still open (in all rooms), the most one member may (limits.open_tasks_per_member in folkmoot's config). Finish or drop some first (!task done <id>, !task drop <id> [reason]), or ask folkmoot's admin to raise the limit."
	room.Answers(t, "bo", "!task add mend the fence", perMember)
	other.Answers(t, "bo", "!task add mend the fence", perMember)
	if got := apptest.Texts(room.SayPrivately(t, apptest.Member("bo"), "task add mend the fence")); len(got) != 1 || got[0] != perMember {
		t.Fatalf("privately: %q", got)
	}
	room.Say(t, "bo", "!task done 1")
	room.Answers(t, "bo", "!task add mend the fence", "Task #3: “mend the fence”.")
	room.Answers(t, "cy", "!task add bake bread", "Task #4")
	room.Answers(t, "cy", "!task add bake more bread", "Task #5")
	room.Answers(t, "cy", "!task add bake rolls", "Task #6")
	room.Answers(t, "رێزان", "!task add sing",
		"This room has 5 open tasks, the most a room may have (limits.open_tasks_per_room in folkmoot's config).")
	other.Answers(t, "رێزان", "!task add sing", "Task #2")
	apptest.Lacks(t, "nothing more stored", room.SayOne(t, "ana", "!tasks"), "sing", "#7")
}

// !tasks lists at most 30 tasks of each kind and says how many more there are.
func TestManyTasksAreListedInPart(t *testing.T) {
	_, room := taskRoom(t)
	for i := range 33 {
		room.Say(t, "bo", fmt.Sprintf("!task add sweep %d", i+1))
	}
	got := room.SayOne(t, "bo", "!tasks")
	apptest.Has(t, "tasks", got, "• #30 “sweep 30”", "… and 3 more, due later or without a due time (!tasks mine and !tasks overdue show fewer).")
	apptest.Lacks(t, "tasks", got, "#31")
	for i := range 32 {
		room.Say(t, "bo", fmt.Sprintf("!task done %d", i+1))
	}
	got = room.SayOne(t, "bo", "!tasks all")
	apptest.Has(t, "all", got, "Open tasks:\n• #33", "Done or dropped in the last 30 days:\n• #1 “sweep 1”, done", "• #30 “sweep 30”, done", "… and 2 more.")
}
