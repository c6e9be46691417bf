package tools_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
)

func toolsRoom(t *testing.T) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.New(t)
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Say(t, "bo", "hello")
	return kit, room
}

func TestRegister(t *testing.T) {
	_, room := toolsRoom(t)
	room.Answers(t, "bo", "!tools", "Digital tools this assembly depends on, and who controls them:\n• folkmoot — whoever hosts this bot")
	room.Answers(t, "bo", "!tool add Matrix homeserver — our co-op", "On the register: Matrix homeserver — our co-op.")
	room.Answers(t, "bo", "!tool add mailing list -- a company abroad", "On the register: mailing list — a company abroad.")
	room.Answers(t, "bo", "!tool add Mailing  List — the parish", "On the register: Mailing List — the parish.")
	room.Answers(t, "bo", "!tools", "• folkmoot — whoever hosts this bot (free software: the assembly can run its own)\n• Mailing List — the parish\n• Matrix homeserver — our co-op")
	room.Answers(t, "bo", "!tool remove mailing list", "Only the room's facilitator, room admins or bot admins may use !tool remove.")
	room.Answers(t, "ana", "!tool remove mailing list", "Mailing List is off the register.")
	room.Answers(t, "ana", "!tool remove folkmoot", "folkmoot is off the register.")
	got := room.Answers(t, "bo", "!tools", "Digital tools this assembly depends on, and who controls them:\n• Matrix homeserver — our co-op")
	apptest.Lacks(t, "after removal", got, "folkmoot", "Mailing")
}

func TestBadToolInputStoresNothing(t *testing.T) {
	_, room := toolsRoom(t)
	tests := []struct{ who, in, want string }{
		{"bo", "!tool", "Say add or remove."},
		{"bo", "!tool add Matrix homeserver", "Say the tool, a dash and who controls it: !tool add Matrix homeserver — our co-op."},
		{"bo", "!tool add — our co-op", "Say the tool, a dash and who controls it"},
		{"bo", "!tool add " + strings.Repeat("x", 61) + " — us", "under 60 characters"},
		{"ana", "!tool remove pad", "“pad” is not on the register"},
		{"ana", "!tools review every blursday", "I couldn't read the time “every blursday”"},
		{"ana", "!tools review sometimes", "Say nothing to review now, every <schedule>, or off."},
	}
	for _, tc := range tests {
		room.Answers(t, tc.who, tc.in, tc.want)
	}
	got := room.Answers(t, "bo", "!tools", "• folkmoot")
	apptest.Lacks(t, "nothing stored", got, "Matrix", "Next review")
}

// The review opens a vote per tool; a tool the room does not keep becomes a task.
func TestReviewEndsInDecisionsAndTasks(t *testing.T) {
	kit, room := toolsRoom(t)
	room.Say(t, "bo", "!tool add mailing list — a company abroad")
	room.Say(t, "bo", "!tool add pad — nobody knows")
	room.Answers(t, "bo", "!tools review", "Only the room's facilitator")
	room.Answers(t, "ana", "!tools review", "Review of the digital tools: one vote per tool.",
		"Vote #1 “Keep folkmoot (controlled by whoever hosts this bot", "Vote #2 “Keep mailing list (controlled by a company abroad)? No means replace or drop it.” is open.")
	room.Answers(t, "ana", "!tools review", "A vote on this is already open")
	room.Say(t, "ana", "!vote 1 yes")
	room.Say(t, "bo", "!vote 1 yes")
	room.Say(t, "ana", "!vote 2 no too much of our mail abroad")
	closed := apptest.Texts(kit.Advance(t, 48*time.Hour))
	if !apptest.Contains(closed, "The room voted not to keep mailing list: task #1 “Replace or drop mailing list (review vote #2)” is open for whoever takes it (!task take 1).") ||
		!apptest.Contains(closed, "No decision on keeping pad: it stays on the register until the next review") {
		t.Fatalf("closing: %q", closed)
	}
	if apptest.Contains(closed, "not to keep folkmoot") || apptest.Contains(closed, "Replace or drop pad") {
		t.Fatalf("a kept or undecided tool became a task: %q", closed)
	}
	room.Answers(t, "bo", "!tasks", "• #1 “Replace or drop mailing list (review vote #2)” — nobody yet")
}

// A scheduled review posts the register on the day, every year, and can be stopped.
func TestScheduledReview(t *testing.T) {
	kit, room := toolsRoom(t)
	room.Answers(t, "ana", "!tools review every year on 1 mar 10:00",
		"The digital tools will be reviewed every year on 1 March at 10:00 (Europe/Berlin time), first Mon 1 Mar 2027 10:00 CET")
	room.Answers(t, "bo", "!tools", "Next review: Mon 1 Mar 2027 10:00 CET.")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, year := range []int{2027, 2028} {
		at := time.Date(year, 3, 1, 10, 0, 0, 0, berlin)
		if got := kit.Advance(t, at.Add(-time.Second).Sub(kit.Clock.Now())); len(got) != 0 {
			t.Fatalf("early: %q", apptest.Texts(got))
		}
		got := apptest.Texts(kit.Advance(t, time.Second))
		if len(got) != 1 || !strings.HasPrefix(got[0], "Time to review the digital tools this assembly depends on") ||
			!strings.Contains(got[0], "• folkmoot — ") || !strings.Contains(got[0], "!tools review") {
			t.Fatalf("review on 1 Mar %d: %q", year, got)
		}
	}
	room.Answers(t, "ana", "!tools review every solstice", "every solstice (June and December) at 09:00 (Europe/Berlin time), first Tue 20 Jun 09:00 CEST") // 2028: the clock is past 1 Mar 2028
	room.Answers(t, "bo", "!tools", "Next review: Tue 20 Jun 09:00 CEST.")                                                                                  // the new schedule replaced the yearly one
	room.Answers(t, "ana", "!tools review off", "no longer reviewed on a schedule")
	if got := kit.Advance(t, 400*24*time.Hour); len(got) != 0 {
		t.Fatalf("after off: %q", apptest.Texts(got))
	}
}
