package votes_test

import (
	"time"

	"folkmoot/config"
	"strings"
	"testing"

	"folkmoot/app/apptest"
	"folkmoot/bot"
)

// Deadlines are bounded: an absolute time as far ahead as a relative one, and an extension
// too; a past time never reads as "in 1 minute".
func TestDeadlinesAreBounded(t *testing.T) {
	room := apptest.New(t, features()...).Room("a")
	room.Answers(t, "ana", `!vote new "Q?" --closes 2030-01-01 10:00`, "too far ahead", "90 days")
	room.Answers(t, "ana", "!votes", "No vote is open")
	room.Answers(t, "ana", `!vote new "Q?" --closes in 2h`, "Vote #1")
	room.Answers(t, "ana", "!vote extend 1 9999-12-31 18:00", "too far ahead")
	room.Answers(t, "ana", "!vote show 1", "(in 2 hours)")
}

// Who may vote follows who is in the room: a member who left is not counted for votes
// opened afterwards, nor pinged as "not voted yet".
func TestElectorateFollowsTheRoom(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	ana, bo, cy := apptest.Member("ana"), apptest.Member("bo"), apptest.Member("cy")
	kit.Transport.SetMembers(room.Room, ana, bo, cy)
	room.Answers(t, "ana", `!vote new "Before?"`, "Vote #1")
	kit.Transport.SetMembers(room.Room, ana, bo) // cy left
	room.Answers(t, "ana", `!vote new "After?"`, "Vote #2")
	room.Answers(t, "ana", "!vote 2 agree", "1 of 2 members voted")
	remind := room.Answers(t, "ana", "!vote remind 1", "Not voted yet: ana, bo.")
	apptest.Lacks(t, "remind", remind, "cy")
}

// An option given twice is an error, not a silent change.
func TestFlagTwiceIsRefused(t *testing.T) {
	room := apptest.New(t, features()...).Room("a")
	room.Answers(t, "ana", `!vote new "Q?" --closes in 2h --closes in 3h`, "--closes is given twice")
	room.Answers(t, "ana", "!votes", "No vote is open")
}

// Every message costs bounded work and output: an over-long command is refused before it is
// read, and a member who floods the room is told once and then ignored for a while.
func TestBoundedWork(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.Answers(t, "ana", "!vote new "+strings.Repeat("a ", 3000), "commands are limited to 4 KB", "Nothing was done")
	got := room.Answers(t, "bo", "!"+strings.Repeat("x", 3000), "Unknown command")
	if len(got) > 200 {
		t.Errorf("an unknown command is echoed whole: %d bytes", len(got))
	}
}

func TestFloodIsToldOnceThenIgnored(t *testing.T) {
	kit := apptest.NewWith(t, t.TempDir(), apptest.Start, func(c *config.Config) { c.Limits.CommandBurst = 3 }, features()...)
	room := kit.Room("a")
	for i := 0; i < 3; i++ {
		room.Answers(t, "bo", "!votes", "No vote is open")
	}
	room.Answers(t, "bo", "!votes", "a lot of commands at once")
	if got := room.Say(t, "bo", "!votes"); len(got) != 0 {
		t.Fatalf("told twice: %q", got)
	}
	room.Answers(t, "ana", "!votes", "No vote is open") // others are not held up
	kit.Advance(t, 10*time.Second)
	room.Answers(t, "bo", "!votes", "No vote is open")
}

func TestRemindMentionsAtMostHourly(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.Say(t, "bo", "hello")
	room.Answers(t, "ana", `!vote new "Q?"`, "Vote #1")
	room.Answers(t, "ana", "!vote remind 1", "Not voted yet")
	room.Answers(t, "cy", "!vote remind 1", "#1 was reminded just now; the next reminder can go out")
	kit.Advance(t, time.Hour)
	room.Answers(t, "cy", "!vote remind 1", "Not voted yet")
}

// A member whose name is made only of invisible characters is shown by their ID in every
// answer about a ballot: its confirmation, !vote show and the result's reasons.
func TestBlankNameShowsAsTheID(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	blank := bot.Member{ID: "blank@example.org", Name: "\u200b\u200d\u3164"}
	room.Answers(t, "ana", `!vote new "Paint the gate 🌻?" --closes in 2h`, "is open")
	confirm := room.SayAs(t, blank, "!vote 1 aside not my colour")
	apptest.Has(t, "ballot", apptest.Texts(confirm)[0], "blank@example.org: stand aside on #1 recorded.")
	apptest.Has(t, "show", room.SayOne(t, "ana", "!vote show 1"), "• blank@example.org — stand aside: “not my colour”")
	result := joined(kit.Advance(t, 2*time.Hour))
	apptest.Has(t, "result", result, "Stood aside — blank@example.org: “not my colour”")
}
