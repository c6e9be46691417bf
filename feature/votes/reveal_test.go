package votes_test

import (
	"testing"
	"time"

	"folkmoot/app/apptest"
)

// TestSecretCountThatWouldRevealIsWarned: a secret vote whose count would show how someone
// voted says so in advance: at the opening when the electorate is that small, before an
// early close (which then waits for "anyway"), and in the result.
func TestSecretCountThatWouldRevealIsWarned(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.Admin("ana")
	room.Say(t, "رێزان", "hello")
	open := room.SayOne(t, "ana", `!vote new "Q?" --secret --kind majority --closes in 1h`)
	apptest.Has(t, "opening", open, "Only 2 members can vote so far: any count will show how each of them chose.")
	room.Answers(t, "رێزان", "!vote 1 yes", "your secret ballot on #1 is recorded")
	warn := room.Answers(t, "ana", "!vote close 1", "Closing #1 now would show how someone voted: only one member has voted",
		"!vote close 1 anyway", "Nothing was closed")
	apptest.Lacks(t, "warning", warn, "PASSED", "yes")
	room.Answers(t, "ana", "!vote show 1", "it closes", "Voted: رێزان.")
	result := room.Answers(t, "ana", "!vote close 1 anyway", "is closed: PASSED.", "(closed early by ana)",
		"Only one member voted, so the count shows how they chose.")
	apptest.Lacks(t, "result", result, "رێزان")
	if later := kit.Advance(t, time.Hour); len(later) != 0 {
		t.Fatalf("closed twice: %q", apptest.Texts(later))
	}
}

// TestSecretCountThatRevealsNothingClosesAtOnce: where the count tells nobody's choice, an
// early close needs no confirmation and the result adds nothing; at the scheduled close a
// count that reveals is said to.
func TestSecretCountThatRevealsNothingClosesAtOnce(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.Admin("ana")
	for _, m := range []string{"bo", "cy", "dee", "Zoë 🌻"} {
		room.Say(t, m, "hello")
	}
	open := room.SayOne(t, "ana", `!vote new "Q?" --secret --kind majority --closes in 1h`)
	apptest.Lacks(t, "opening", open, "any count will show")
	for who, opt := range map[string]string{"bo": "yes", "cy": "yes", "dee": "no"} {
		room.SayOne(t, who, "!vote 1 "+opt)
	}
	got := room.Answers(t, "ana", "!vote close 1", "is closed: PASSED.")
	apptest.Lacks(t, "result", got, "shows how", "anyway")

	room.SayOne(t, "ana", `!vote new "R?" --secret --kind majority --closes in 1h`)
	for _, who := range []string{"bo", "cy", "dee"} {
		room.SayOne(t, who, "!vote 2 no")
	}
	apptest.Has(t, "scheduled close", joined(kit.Advance(t, time.Hour)), "is closed: NOT PASSED.",
		"Every ballot chose the same, so the count shows how each voter chose.")
}
