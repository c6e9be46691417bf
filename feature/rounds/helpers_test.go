package rounds_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/feature"
	"folkmoot/feature/rounds"
)

// own is rounds alone, as a test runs it: without meetings, !stats covers every turn so
// far. Tests that need the other features live in app/.
func own() feature.Feature { return rounds.Feature(rounds.Hooks{}) }

// rdRoom starts a kit whose room has ana as room admin and bo, cy, dan as known members.
func rdRoom(t *testing.T) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	return rdRoomAt(t, t.TempDir(), apptest.Start)
}

// rdRoomAt is rdRoom on a given data dir and start, for restarts.
func rdRoomAt(t *testing.T, dir string, start time.Time) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.NewAt(t, dir, start, own())
	room := kit.Room("assembly")
	room.Admin("ana")
	for _, who := range []string{"bo", "cy", "dan"} {
		room.Say(t, who, "hello")
	}
	return kit, room
}

// notice moves the clock by d and returns the one notice that fell due (the timer's), or
// fails; with want it checks the notice's text.
func notice(t *testing.T, kit *apptest.Kit, d time.Duration, want ...string) apptest.Posted {
	t.Helper()
	got := kit.Advance(t, d)
	if len(got) != 1 || !got[0].Reply.Notice {
		t.Fatalf("after %v: want one notice, got %q", d, apptest.Texts(got))
	}
	apptest.Has(t, "notice", got[0].Reply.Text(), want...)
	return got[0]
}

// quiet moves the clock by d and fails if the bot said anything.
func quiet(t *testing.T, kit *apptest.Kit, d time.Duration) {
	t.Helper()
	if got := kit.Advance(t, d); len(got) != 0 {
		t.Fatalf("after %v: want silence, got %q", d, apptest.Texts(got))
	}
}

// mentions fails unless the posted reply notifies exactly these members (by name).
func mentions(t *testing.T, p apptest.Posted, names ...string) {
	t.Helper()
	var want []string
	for _, n := range names {
		want = append(want, apptest.Member(n).ID)
	}
	if got := apptest.MentionIDs(p); !slices.Equal(got, want) {
		t.Errorf("%q mentions %v, want %v", p.Reply.Text(), got, want)
	}
}

// stored is the room's state as stored, and the due time of its timer, to compare.
func stored(t *testing.T, kit *apptest.Kit, room *apptest.Room) string {
	t.Helper()
	s, next, err := rounds.LoadState(context.Background(), kit.App.DB, room.Room)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(s)
	return string(raw) + " next " + next.String()
}

// talk says an ordinary message as a member, which the road passes through OnMessage,
// and returns what the bot answered (from the outbox, where OnMessage queues it).
func talk(t *testing.T, room *apptest.Room, who, text string) []bot.Reply {
	t.Helper()
	var out []bot.Reply
	for _, p := range room.SayAs(t, apptest.Member(who), text) {
		out = append(out, p.Reply)
	}
	return out
}
