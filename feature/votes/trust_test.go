package votes_test

import (
	"testing"

	"folkmoot/app/apptest"
)

// Deadlines are bounded: an absolute time as far ahead as a relative one, and an extension
// too; a past time never reads as "in 1 minute".
func TestDeadlinesAreBounded(t *testing.T) {
	room := apptest.New(t).Room("a")
	room.Answers(t, "ana", `!vote new "Q?" --closes 2030-01-01 10:00`, "too far ahead", "90 days")
	room.Answers(t, "ana", "!votes", "No vote is open")
	room.Answers(t, "ana", `!vote new "Q?" --closes 2h`, "Vote #1")
	room.Answers(t, "ana", "!vote extend 1 9999-12-31 18:00", "too far ahead")
	room.Answers(t, "ana", "!vote show 1", "(in 2 hours)")
}

// Who may vote follows who is in the room: a member who left is not counted for votes
// opened afterwards, nor pinged as "not voted yet".
func TestElectorateFollowsTheRoom(t *testing.T) {
	kit := apptest.New(t)
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
	room := apptest.New(t).Room("a")
	room.Answers(t, "ana", `!vote new "Q?" --closes 2h --closes 3h`, "--closes is given twice")
	room.Answers(t, "ana", "!votes", "No vote is open")
}
