package mandates_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/schedule"
)

// mdRoom starts a kit whose room has ana as room admin and bo, cy as known members.
func mdRoom(t *testing.T) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.New(t, features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Say(t, "bo", "hello")
	room.Say(t, "cy", "hello")
	return kit, room
}

func TestMandateInputIsCheckedAndNothingChanges(t *testing.T) {
	kit, room := mdRoom(t)
	tests := []struct{ who, in, want string }{
		{"bo", "!mandate cy buy paint until fri", "Only the room's facilitator, room admins or bot admins may give a mandate."},
		{"ana", "!mandate", "Say who, for what, and until when. Usage: !mandate <member> <scope> until <when>|for <how long> [--to <council>] | end <id>"},
		{"ana", "!mandate bo buy paint", "Say until when the mandate runs"},
		{"ana", "!mandate bo until fri", "Say what the mandate is for."},
		{"ana", "!mandate bo buy paint until", "Say until when the mandate runs"},
		{"ana", "!mandate zoe buy paint until fri", "I don't know a member “zoe” in this room."},
		{"ana", "!mandate bo buy paint until someday", "I couldn't read the time “someday”"},
		{"ana", "!mandate bo buy paint until 2026-01-01 10:00", "That time is in the past"},
		{"ana", "!mandate bo " + strings.Repeat("x", 201) + " until fri", "Please keep the scope under 200 characters"},
		{"ana", "!mandate end 1", "There is no mandate #1 in this room (!mandates lists them)."},
		{"cy", "!recall 1", "There is no mandate #1 in this room"},
		{"cy", "!recall one", "“one” is not a mandate number"},
		{"cy", "!recall", "Say which mandate, by its number."},
	}
	for _, tt := range tests {
		apptest.Has(t, tt.in, room.SayOne(t, tt.who, tt.in), tt.want)
	}
	apptest.Has(t, "nothing stored", room.SayOne(t, "ana", "!mandates"), "No mandate is active, and none ended")
	// What !status (basics) calls "Nothing scheduled.": no job waits in the room.
	if jobs, err := schedule.Pending(context.Background(), kit.App.DB, room.Room, ""); err != nil || len(jobs) != 0 {
		t.Errorf("nothing scheduled: %+v %v", jobs, err)
	}
}

func TestMandateScopeMayContainUntil(t *testing.T) {
	_, room := mdRoom(t)
	got := room.SayOne(t, "ana", "!mandate @bo:example.org stay until the talks end, then report until Fri 18:00")
	apptest.Has(t, "scope", got, "Mandate #1: @bo:example.org is delegate for “stay until the talks end, then report” until Fri 27 Nov 18:00 CET.")
	got = room.SayOne(t, "ana", `!mandate "bo" “speak for us” until tomorrow`)
	apptest.Has(t, "quoted", got, "Mandate #2: bo is delegate for “speak for us” until Thu 26 Nov 23:59 CET.", "A reminder")
}

func TestMandateEndsEarly(t *testing.T) {
	kit, room := mdRoom(t)
	room.SayOne(t, "ana", "!mandate bo buy paint until 10 dec")
	room.SayOne(t, "ana", "!mandate cy fix the door until 10 dec")
	apptest.Has(t, "other member", room.SayOne(t, "cy", "!mandate end 1"), "Only the delegate (bo), the room's facilitator, room admins or bot admins may end mandate #1.")
	apptest.Has(t, "delegate", room.SayOne(t, "bo", "!mandate end #1"), "The mandate #1 of bo for “buy paint” has ended, early, by bo.")
	apptest.Has(t, "twice", room.SayOne(t, "bo", "!mandate end 1"), "Mandate #1 already ended Wed 25 Nov 10:00 CET.")
	posted := room.SayAs(t, apptest.Member("ana"), "!mandate end 2")
	apptest.Has(t, "facilitator", posted[0].Reply.Text(), "The mandate #2 of cy for “fix the door” has ended, early, by ana.")
	if m := apptest.MentionIDs(posted[0]); len(m) != 1 || m[0] != "cy@example.org" {
		t.Errorf("mentions %v", m)
	}
	apptest.Has(t, "list", room.SayOne(t, "ana", "!mandates"), "• #2 cy: “fix the door”, ended early by ana on Wed 25 Nov", "• #1 bo: “buy paint”, ended early by bo on Wed 25 Nov")
	if got := kit.Advance(t, 20*24*time.Hour); len(got) != 0 {
		t.Fatalf("ended mandates still fired: %q", apptest.Texts(got))
	}
}

func TestMandateEndSurvivesRestartOnce(t *testing.T) {
	dir := t.TempDir()
	kit := apptest.NewAt(t, dir, apptest.Start, features()...)
	room := kit.Room("a")
	room.Admin("ana")
	room.Say(t, "bo", "hi")
	room.SayOne(t, "ana", "!mandate bo buy paint until in 2 hours")
	apptest.Has(t, "reminders", room.SayOne(t, "ana", "!mandates"), "#1 bo")
	kit.Close()

	// Down for five hours: the end is overdue at start and still fires, once.
	kit2 := apptest.NewAt(t, dir, apptest.Start.Add(5*time.Hour), features()...)
	got := apptest.Texts(kit2.Tick(t))
	if len(got) != 1 || !strings.Contains(got[0], "The mandate #1 of bo for “buy paint” has ended. (It was due Wed 25 Nov 12:00 CET, while folkmoot was offline.)") {
		t.Fatalf("after restart: %q", got)
	}
	if again := kit2.Advance(t, time.Hour); len(again) != 0 {
		t.Fatalf("fired twice: %q", apptest.Texts(again))
	}
}

// TestLateReminderSaysSo: a reminder that fires after an outage says it comes late, and
// counts the time left from now.
func TestLateReminderSaysSo(t *testing.T) {
	dir := t.TempDir()
	kit := apptest.NewAt(t, dir, apptest.Start, features()...)
	room := kit.Room("a")
	room.Admin("ana")
	room.Answers(t, "ana", "!mandate ana book the hall until 2 dec 10:00", "Mandate #1")
	kit.Close()
	kit2 := apptest.NewAt(t, dir, time.Date(2026, 11, 30, 21, 0, 0, 0, time.UTC), features()...)
	got := strings.Join(apptest.Texts(kit2.Tick(t)), "\n")
	apptest.Has(t, "late reminder", got, "ends in 36 hours", "(This reminder comes 36 hours late: folkmoot was offline.)")
}

// TestTwoLikeMandatesAreToldApart: two mandates of one delegate for one scope end with
// notices the room can tell apart, each naming its mandate by number.
func TestTwoLikeMandatesAreToldApart(t *testing.T) {
	kit, room := mdRoom(t)
	room.Say(t, "Zoë 🌻", "hello")
	room.SayOne(t, "ana", "!mandate Zoë 🌻 speak at the council until in 2 hours")
	room.SayOne(t, "ana", "!mandate Zoë 🌻 speak at the council until in 3 hours")
	got := apptest.Texts(kit.Advance(t, 2*time.Hour))
	got = append(got, apptest.Texts(kit.Advance(t, time.Hour))...)
	want := []string{"The mandate #1 of Zoë 🌻 for “speak at the council” has ended.", "The mandate #2 of Zoë 🌻 for “speak at the council” has ended."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("ends: %q, want %q", got, want)
	}
}
