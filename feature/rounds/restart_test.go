package rounds_test

import (
	"testing"
	"time"

	"folkmoot/app/apptest"
)

// startBo starts a fixed round (bo, then cy; 2-minute turns, a 10-second pause) in a kit on
// dir, lets bo speak for 50 seconds and stops the kit.
func startBo(t *testing.T, dir string) time.Time {
	t.Helper()
	kit, room := rdRoomAt(t, dir, apptest.Start)
	room.SayOne(t, "ana", "!round --with bo cy --each 2m")
	kit.Advance(t, 50*time.Second)
	kit.Close()
	return kit.Clock.Now()
}

// Restarted while bo still has time, the first command says so with the time left, and the
// turn ends on time.
func TestRestartMidTurnResumesOnTheFirstCommand(t *testing.T) {
	dir := t.TempDir()
	at := startBo(t, dir)
	kit, room := rdRoomAt(t, dir, at.Add(20*time.Second)) // 70 s into bo's turn
	p := room.SayAs(t, apptest.Member("cy"), "!queue")
	if len(p) != 1 {
		t.Fatalf("first command: %q", apptest.Texts(p))
	}
	apptest.Has(t, "back", p[0].Reply.Text(), "I'm back: bo still has the floor (0:50 left).\nThe queue is empty.")
	mentions(t, p[0], "bo")
	room.Answers(t, "cy", "!queue", "The queue is empty.") // said once
	notice(t, kit, 20*time.Second, "30 seconds left.")
	notice(t, kit, 30*time.Second, "Time — thank you, bo.\n10 seconds of silence.")
	notice(t, kit, 10*time.Second, "🎙 cy has the floor (2:00).")
}

// Restarted after the warning's time, the late timer resumes the turn: the warning is folded
// into the time left and never said after.
func TestRestartMidTurnResumesOnTheLateTimer(t *testing.T) {
	dir := t.TempDir()
	at := startBo(t, dir)
	kit, _ := rdRoomAt(t, dir, at.Add(50*time.Second)) // 100 s in: the warning was due 10 s ago
	got := apptest.Texts(kit.Tick(t))
	if len(got) != 1 || got[0] != "I'm back: bo still has the floor (0:20 left)." {
		t.Fatalf("late timer: %q", got)
	}
	notice(t, kit, 20*time.Second, "Time — thank you, bo.\n10 seconds of silence.")
}

// Restarted after bo's turn ran out, the bot says so plainly and the round moves on.
func TestRestartAfterTheTurnRanOut(t *testing.T) {
	dir := t.TempDir()
	at := startBo(t, dir)
	kit, room := rdRoomAt(t, dir, at.Add(10*time.Minute))
	got := apptest.Texts(kit.Tick(t))
	if len(got) != 1 || got[0] != "bo's time ran out while I was away — thank you, bo.\n10 seconds of silence." {
		t.Fatalf("after the outage: %q", got)
	}
	notice(t, kit, 10*time.Second, "🎙 cy has the floor (2:00).")
	kit.Advance(t, 30*time.Second)
	room.Answers(t, "cy", "!done", "Thank you, cy.\nThe round is over:\n1. bo — 2:00\n2. cy — 0:30")
}

// A refused first command after a restart still shows what the restore said, then why it
// was refused; the restore is kept and said once.
func TestRestartThenARefusedCommand(t *testing.T) {
	dir := t.TempDir()
	at := startBo(t, dir)
	_, room := rdRoomAt(t, dir, at.Add(20*time.Second))
	room.Answers(t, "cy", "!done", "I'm back: bo still has the floor (0:50 left).\nOnly bo holds the floor now.")
	if got := room.SayOne(t, "cy", "!done"); got != "Only bo holds the floor now." {
		t.Errorf("said again: %q", got)
	}
}
