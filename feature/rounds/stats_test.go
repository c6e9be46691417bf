package rounds_test

import (
	"testing"
	"time"

	"folkmoot/app/apptest"
)

// TestStatsSaysWhatItCovers: !stats names its period truthfully (the running meeting, the
// last one and since, or everything when no meeting was held) and what it counts (turns in
// rounds and the queue), beside the presence the minutes count, so "nobody" never stands
// against a meeting the minutes list five people at.
func TestStatsSaysWhatItCovers(t *testing.T) {
	kit, room := rdRoom(t)
	room.SayOne(t, "Zoë 🌻", "!hand")
	room.SayOne(t, "ana", "!next")
	kit.Advance(t, 40*time.Second)
	room.SayOne(t, "Zoë 🌻", "!done")
	room.Answers(t, "cy", "!stats", "Turns in rounds and the queue so far (no meeting has started in this room yet):\nZoë 🌻 — 1 turn, 0:40")

	room.Answers(t, "ana", "!meeting start", "started")
	for _, who := range []string{"bo", "cy", "رێزان"} {
		room.Say(t, who, "good evening")
	}
	got := room.Answers(t, "cy", "!stats", "Nobody has taken a turn in a round or the queue in this meeting (since Wed 25 Nov 10:00 CET).",
		"Present at this meeting so far: 4 (the minutes count whoever spoke or said !present).")
	apptest.Lacks(t, "stats", got, "Zoë")
	room.Answers(t, "ana", "!meeting end", "ended")
	kit.Advance(t, time.Hour)
	room.Answers(t, "cy", "!stats meeting", "Nobody has taken a turn in a round or the queue since the last meeting began (Wed 25 Nov 10:00 CET).",
		"Present at that meeting: 4, as its minutes list them.")
	room.Answers(t, "cy", "!stats week", "Turns in rounds and the queue in the last 7 days:\nZoë 🌻 — 1 turn, 0:40")
}

// TestStatsCountTheRunningTurn: whoever holds the floor now is counted with the time so far,
// in the queue as in a round, not shown as having said nothing.
func TestStatsCountTheRunningTurn(t *testing.T) {
	kit, room := rdRoom(t)
	room.Answers(t, "ana", "!meeting start", "started")
	room.SayOne(t, "رێزان", "!hand")
	room.SayOne(t, "ana", "!next")
	kit.Advance(t, 30*time.Minute)
	room.Answers(t, "cy", "!stats", "رێزان — 1 turn, 30:00")
	room.SayOne(t, "رێزان", "!done")
	room.Answers(t, "ana", "!round --with bo cy --each 3m --pause 0", "bo has the floor")
	kit.Advance(t, time.Minute)
	room.Answers(t, "cy", "!stats", "رێزان — 1 turn, 30:00", "bo — 1 turn, 1:00")
}
