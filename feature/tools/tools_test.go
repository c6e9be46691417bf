package tools_test

import (
	"strings"
	"testing"

	"folkmoot/app/apptest"
)

func toolsRoom(t *testing.T) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.New(t, features()...)
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
		{"ana", "!tools review every blursday", "I couldn't read the time at “blursday”: after “every” I expected"},
		{"ana", "!tools review sometimes", "Say nothing to review now, every <schedule>, or off."},
	}
	for _, tc := range tests {
		room.Answers(t, tc.who, tc.in, tc.want)
	}
	got := room.Answers(t, "bo", "!tools", "• folkmoot")
	apptest.Lacks(t, "nothing stored", got, "Matrix", "Next review")
}

// A review on a schedule repeats at most every limits.reminder_min_interval: each opens a
// vote per tool.
func TestReviewScheduleNotTooOften(t *testing.T) {
	_, room := toolsRoom(t)
	room.Answers(t, "ana", "!tools review cron * * * * *", "That schedule repeats every 1 minute; a review repeats at most every 1 hour here (limits.reminder_min_interval in folkmoot's config)")
	apptest.Lacks(t, "nothing scheduled", room.SayOne(t, "bo", "!tools"), "Next review")
	room.Answers(t, "ana", "!tools review every day 10:00", "every day at 10:00")
}
