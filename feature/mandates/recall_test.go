package mandates_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
)

// A recall is the room's decision: neither its opener nor the delegate may close or extend
// it, and one member's vote is not a quorum.
func TestRecallIsTheRoomsDecision(t *testing.T) {
	kit, room := mdRoom(t)
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
	kit, room := mdRoom(t)
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
