package mandates_test

import (
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
