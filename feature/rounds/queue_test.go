package rounds_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/feature/rounds"
)

// A queue in progressive mode: who spoke least this meeting goes first, a direct response
// jumps ahead once per topic, the speaker's !done gives the floor on, and the timer warns
// and ends a turn.
func TestProgressiveQueue(t *testing.T) {
	kit, room := rdRoom(t)
	room.Answers(t, "bo", "!hand", "bo is 1st in the queue.")
	room.Answers(t, "ana", "!next", "🎙 bo has the floor.")
	kit.Advance(t, 90*time.Second)
	room.Answers(t, "bo", "!done", "Thank you, bo.\nThe queue is empty.")

	room.Answers(t, "ana", "!queue mode progressive", "The queue is progressive; direct responses are on.")
	room.Answers(t, "bo", "!hand the budget again", "bo is 1st in the queue: “the budget again”.")
	room.Answers(t, "cy", "!hand", "cy is 1st in the queue.") // cy has not spoken: ahead of bo
	room.Answers(t, "dan", "!hand direct on that point", "dan is 1st in the queue (a direct response): “on that point”.")
	room.Answers(t, "cy", "!queue", "The queue (progressive):\n1. dan (direct response): “on that point”\n"+
		"2. cy (spoke 0 times this meeting)\n3. bo (spoke once (1:30) this meeting): “the budget again”")

	room.Answers(t, "ana", "!queue timer 1m", "Each queue turn now lasts 1 minute.")
	p := room.SayAs(t, apptest.Member("ana"), "!next")
	apptest.Has(t, "direct first", apptest.Texts(p)[0], "🎙 dan has the floor (1:00), a direct response: “on that point”.")
	mentions(t, p[0], "dan")
	room.Answers(t, "dan", "!hand direct", "dan already made a direct response on this topic: raise your hand as usual.")
	kit.Advance(t, 10*time.Second)
	p = room.SayAs(t, apptest.Member("dan"), "!done")
	apptest.Has(t, "done gives on", apptest.Texts(p)[0], "Thank you, dan.\n🎙 cy has the floor (1:00).")
	mentions(t, p[0], "cy")
	room.Answers(t, "bo", "!next", "Only whoever holds the floor")
	notice(t, kit, 30*time.Second, "30 seconds left.")
	notice(t, kit, 30*time.Second, "Time — thank you, cy.")
	room.Answers(t, "ana", "!queue topic", "New topic: everyone may make one direct response again.")
	room.Answers(t, "ana", "!queue direct off", "The queue is progressive; direct responses are off.")
	room.Answers(t, "bo", "!queue", "The queue (progressive):\n1. bo (spoke once (1:30) this meeting)", "Each turn lasts 1 minute.", "Direct responses are off.")
	room.Answers(t, "bo", "!hand down", "bo lowered their hand.")
	room.Answers(t, "cy", "!hand", "cy is 1st in the queue.")
	room.Answers(t, "ana", "!queue clear", "The queue is cleared (1 hand lowered).")
	apptest.Has(t, "stats", room.SayOne(t, "ana", "!stats"), "bo — 1 turn, 1:30\ncy — 1 turn, 1:00\ndan — 1 turn, 0:10\n")
}

// !stats sums a period from the stored turns, across rounds and the queue.
func TestStatsByPeriod(t *testing.T) {
	kit, room := rdRoom(t)
	room.SayOne(t, "ana", "!round --with bo cy --pause 0")
	kit.Advance(t, 2*time.Minute) // bo's turn runs out
	kit.Advance(t, 20*time.Second)
	room.SayOne(t, "cy", "!done")
	kit.Advance(t, 10*24*time.Hour)
	room.SayOne(t, "cy", "!hand")
	room.SayOne(t, "ana", "!next")
	kit.Advance(t, time.Minute)
	room.SayOne(t, "cy", "!done")
	room.Answers(t, "bo", "!stats week", "Turns in rounds and the queue in the last 7 days:\ncy — 1 turn, 1:00\nTotal 1:00; inequality of speaking time (Gini, 0 = everyone spoke equally): 0.00")
	room.Answers(t, "bo", "!stats month", "Turns in rounds and the queue in the last 30 days:\nbo — 1 turn, 2:00\ncy — 2 turns, 1:20\nTotal 3:20; inequality of speaking time (Gini, 0 = everyone spoke equally): 0.10")
	room.Answers(t, "bo", "!stats", "Turns in rounds and the queue so far (no meeting has started in this room yet):\nbo — 1 turn, 2:00\ncy — 2 turns, 1:20\n")
}

// NewMeeting, called by the meetings feature, starts the meeting's figures afresh; the
// period's figures keep everything.
func TestNewMeetingStartsTheFiguresAfresh(t *testing.T) {
	kit, room := rdRoom(t)
	room.SayOne(t, "bo", "!hand")
	room.SayOne(t, "ana", "!next")
	kit.Advance(t, 40*time.Second)
	room.SayOne(t, "bo", "!done")
	err := kit.App.DB.InTx(context.Background(), func(tx *sql.Tx) error {
		return rounds.NewMeeting(context.Background(), tx, room.Room, kit.Clock.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	room.Answers(t, "cy", "!stats", "Nobody has taken a turn in a round or the queue so far")
	room.Answers(t, "cy", "!stats week", "bo — 1 turn, 0:40")
}
