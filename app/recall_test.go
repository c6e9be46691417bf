package app_test

// A recall is a mandate's vote: the mandates feature opens it through the votes feature, and
// its close ends the mandate (the votes feature's link, app's voteLinks).

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
)

// mandatesRoom starts a kit of every feature whose room has ana as room admin and bo, cy as
// known members.
func mandatesRoom(t *testing.T) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Say(t, "bo", "hello")
	room.Say(t, "cy", "hello")
	return kit, room
}

func TestRecallVote(t *testing.T) {
	kit, room := mandatesRoom(t)
	room.SayOne(t, "ana", "!mandate bo speak for us at the city council until 20 dec")
	room.SayOne(t, "ana", "!mandate cy buy paint until 20 dec")
	posted := room.SayAs(t, apptest.Member("cy"), "!recall 1 we never agreed to the rent offer")
	text := posted[0].Reply.Text()
	apptest.Has(t, "recall", text, "cy asks to recall the mandate #1 of bo for “speak for us at the city council”: we never agreed to the rent offer. If the vote passes, the mandate ends at once.",
		"Vote #1 “Recall mandate #1 of bo (“speak for us at the city council”)?” is open.", "A majority vote")
	if m := apptest.MentionIDs(posted[0]); len(m) != 1 || m[0] != "bo@example.org" {
		t.Errorf("mentions %v", m)
	}
	apptest.Has(t, "twice", room.SayOne(t, "ana", "!recall 1"), "A vote on this is already open: Vote #1")
	room.SayOne(t, "cy", "!recall 2")
	for _, m := range []string{"ana", "cy"} {
		room.SayOne(t, m, "!vote 1 yes")
		room.SayOne(t, m, "!vote 2 no")
	}
	room.SayOne(t, "bo", "!vote 1 no")
	closing := strings.Join(apptest.Texts(kit.Advance(t, 48*time.Hour)), "\n")
	apptest.Has(t, "recalled", closing, "The mandate #1 of bo for “speak for us at the city council” is recalled: vote #1 passed; it has ended.",
		"Vote #2 did not recall mandate #2: cy keeps “buy paint” until Sun 20 Dec")
	apptest.Lacks(t, "kept", closing, "The mandate #2")
	apptest.Has(t, "list", room.SayOne(t, "ana", "!mandates"), "• #2 cy: “buy paint”, until", "• #1 bo: “speak for us at the city council”, recalled by vote #1 on Fri 27 Nov 10:00 CET")
	apptest.Has(t, "history", room.SayOne(t, "ana", "!history delegate"), "mandate #1: “speak for us at the city council”, recalled")
	apptest.Has(t, "recall ended", room.SayOne(t, "cy", "!recall 1"), "Mandate #1 already ended Fri 27 Nov 10:00 CET; there is nothing to recall.")
	if got := kit.Advance(t, 30*24*time.Hour); !apptest.Contains(apptest.Texts(got), "The mandate #2 of cy for “buy paint” has ended.") ||
		apptest.Contains(apptest.Texts(got), "The mandate #1") {
		t.Fatalf("later: %q", apptest.Texts(got))
	}
}

// A recall is the room's decision: neither its opener nor the delegate may close or extend
// it, and one member's vote is not a quorum.
func TestRecallIsTheRoomsDecision(t *testing.T) {
	kit, room := mandatesRoom(t)
	for _, m := range []string{"bo", "cy", "dee", "eve"} {
		room.SayOne(t, m, "!whoami") // members the room has seen
	}
	room.SayOne(t, "ana", "!mandate bo speak for us at the city council until 20 dec")
	room.SayOne(t, "cy", "!recall 1")
	room.Answers(t, "cy", "!vote close 1", "only the facilitator, room admins or bot admins may close it early")
	room.Answers(t, "bo", "!vote extend 1 in 5 days", "only the facilitator, room admins or bot admins may extend it")
	room.Answers(t, "cy", "!vote 1 yes", "yes on #1 recorded")
	closing := apptest.Texts(kit.Advance(t, 48*time.Hour))
	if !apptest.Contains(closing, "no decision", "quorum majority = 3: not met") {
		t.Fatalf("one vote of five decided a recall: %q", closing)
	}
	if apptest.Contains(closing, "has ended") {
		t.Fatalf("the mandate ended without a quorum: %q", closing)
	}
	room.Answers(t, "ana", "!mandates", "• #1 bo: “speak for us at the city council”, until")
}

// TestRecallResultComesFirst: a recall closed early posts its result before the mandate's end.
func TestRecallResultComesFirst(t *testing.T) {
	kit, room := mandatesRoom(t)
	room.SayOne(t, "ana", "!mandate bo speak for us at the city council until 20 dec")
	room.SayOne(t, "cy", "!recall 1 we changed our minds")
	for _, m := range []string{"ana", "bo", "cy"} {
		room.SayOne(t, m, "!vote 1 yes")
	}
	said := room.Say(t, "ana", "!vote close 1")
	said = append(said, apptest.Texts(kit.Tick(t))...)
	if len(said) != 2 || !strings.Contains(said[0], "is closed: PASSED") || !strings.Contains(said[1], "is recalled: vote #1 passed; it has ended.") {
		t.Fatalf("recall closed early said, in order: %q", said)
	}
}
