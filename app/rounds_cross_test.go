package app_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
	"folkmoot/bot"
)

// Tests of rounds that need other features: !status gathers rounds' lines, !help explains
// !skip, the timekeeper is chosen by roles, and !stats counts a meeting's presence.

// A name is inert wherever the queue or a round shows it: a display name with a line break
// or a bidi override cannot forge a line or turn the bot's words around.
func TestNamesAreInertOnTheFloor(t *testing.T) {
	_, room := rdRoom(t)
	eve := bot.Member{ID: "eve@example.org", Name: "eve\n• Roles: facilitator eve\u202e"}
	room.SayAs(t, eve, "!hand")
	room.SayOne(t, "ana", "!next")
	for _, cmd := range []string{"!queue", "!status"} {
		got := room.SayOne(t, "ana", cmd)
		if strings.Contains(got, "\n• Roles: facilitator eve") || strings.ContainsRune(got, '\u202e') {
			t.Errorf("%s shows the name raw:\n%s", cmd, got)
		}
		apptest.Has(t, cmd, got, "eve • Roles: facilitator eve has the floor")
	}
	room.SayAs(t, eve, "!done")
	room.SayOne(t, "ana", "!round budget --with eve@example.org bo")
	got := room.SayOne(t, "ana", "!status")
	if strings.Contains(got, "\n• Roles: facilitator eve") || strings.ContainsRune(got, '\u202e') {
		t.Errorf("!status shows the speaker's name raw:\n%s", got)
	}
}

// A silence: the timekeeper may start one, talking during it is reminded once, and it
// closes with a gentle line.
func TestSilence(t *testing.T) {
	kit, room := rdRoom(t)
	room.SayOne(t, "dan", "!join timekeeper")
	room.SayOne(t, "ana", "!rotate timekeeper")
	room.Answers(t, "dan", "!silence 30s", "30 seconds of silence.")
	apptest.Has(t, "status", room.SayOne(t, "bo", "!status"), "• Silence, 0:30 left")
	got := rdTalk(t, room, "bo", "so...")
	if len(got) != 1 || got[0].Text() != "bo, we are keeping a silence." {
		t.Fatalf("reminder: %+v", got)
	}
	if got := rdTalk(t, room, "bo", "sorry"); len(got) != 0 {
		t.Errorf("a second reminder: %q", got[0].Text())
	}
	rdQuiet(t, kit, 29*time.Second)
	rdNotice(t, kit, time.Second, "The silence is over.")
	if got := rdTalk(t, room, "cy", "so, as I said"); len(got) != 0 {
		t.Errorf("after the silence: %q", got[0].Text())
	}
	room.Answers(t, "ana", "!silence", "1 minute of silence.")
	room.Answers(t, "ana", "!silence end", "The silence is over.")
	rdQuiet(t, kit, time.Hour)
}

// The facilitator's controls on a round with a fixed list: pause and resume keep the time
// left, extend once, skip, and stop with the summary.
func TestRoundFacilitatorControls(t *testing.T) {
	kit, room := rdRoom(t)
	p := room.SayAs(t, apptest.Member("ana"), "!round --with bo cy --each 2m --pause 0")
	if len(p) != 1 {
		t.Fatalf("start: %q", apptest.Texts(p))
	}
	apptest.Has(t, "start", p[0].Reply.Text(), "The order: bo, cy.\n🎙 bo has the floor (2:00).")
	rdMentions(t, p[0], "bo")
	kit.Advance(t, 30*time.Second)
	room.Answers(t, "ana", "!round pause", "The round is paused; bo keeps 1:30.")
	rdQuiet(t, kit, 10*time.Minute)
	room.Answers(t, "ana", "!round pause", "The round is already paused")
	apptest.Has(t, "status", room.SayOne(t, "cy", "!status"), "• Listening round: bo has the floor, paused with 1:30 left")
	room.Answers(t, "ana", "!round resume", "The round goes on: bo has the floor (1:30 left).")
	room.Answers(t, "ana", "!extend 1m", "bo gets 1 minute more (2:30 left).")
	room.Answers(t, "ana", "!extend 30s", "bo's turn was already extended once.")
	rdNotice(t, kit, 2*time.Minute, "30 seconds left.")
	p = room.SayAs(t, apptest.Member("ana"), "!next")
	apptest.Has(t, "skip", apptest.Texts(p)[0], "Moving on from bo.\n🎙 cy has the floor (2:00).")
	rdMentions(t, p[0], "cy")
	kit.Advance(t, time.Minute)
	room.Answers(t, "ana", "!round stop", "The round is over (stopped early):\n1. bo — skipped\n2. cy — 1:00\nSpoke: 1 · passed: 0 · time used: 3:30.")
	rdQuiet(t, kit, time.Hour)
	room.Answers(t, "ana", "!round stop", "No listening round is running.")
}

// The sign-up: the facilitator's !next closes it early, and a round nobody joins is called off.
func TestSignUpClosesEarlyOrCancels(t *testing.T) {
	kit, room := rdRoom(t)
	room.Answers(t, "ana", "!round --signup 30s", "Listening round: say !in within 30 seconds to take part.")
	apptest.Has(t, "status", room.SayOne(t, "bo", "!status"), "• Listening round: sign-up open (0 in), 0:30 left")
	rdNotice(t, kit, 30*time.Second, "Nobody signed up, so there is no round.")
	room.Answers(t, "ana", "!round", "Listening round: say !in within 1 minute to take part.")
	room.SayOne(t, "cy", "!in")
	room.Answers(t, "ana", "!next", "The order: cy.\n🎙 cy has the floor (2:00).")
	rdQuiet(t, kit, 89*time.Second) // the old sign-up end has no timer left
	rdNotice(t, kit, time.Second, "30 seconds left.")
}

// TestSkipIsNext: !skip is what people say to move past the speaker; it is !next, in a round
// and in the queue, with the same guard.
func TestSkipIsNext(t *testing.T) {
	_, room := rdRoom(t)
	room.SayOne(t, "ana", "!round --with bo cy --pause 0")
	room.Answers(t, "bo", "!skip", "Thank you, bo.") // the speaker's own skip ends their turn
	room.Answers(t, "bo", "!skip", "Only whoever holds the floor, the room's facilitator, room admins or bot admins may use !next.")
	room.Answers(t, "ana", "!skip", "The round is over")
	room.SayOne(t, "Zoë 🌻", "!hand")
	room.SayOne(t, "رێزان", "!hand")
	room.Answers(t, "ana", "!skip", "Zoë 🌻 has the floor")
	room.Answers(t, "ana", "!skip", "رێزان has the floor")
	apptest.Has(t, "help", room.SayOne(t, "ana", "!help skip"), "!next", "Also: !skip")
}

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

// rdRoom starts a kit whose room has ana as room admin and bo, cy, dan as known members.
func rdRoom(t *testing.T) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	return rdRoomAt(t, t.TempDir(), apptest.Start)
}

// rdRoomAt is rdRoom on a given data dir and start, for restarts.
func rdRoomAt(t *testing.T, dir string, start time.Time) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.NewAt(t, dir, start, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	for _, who := range []string{"bo", "cy", "dan"} {
		room.Say(t, who, "hello")
	}
	return kit, room
}

// rdNotice moves the clock by d and returns the one notice that fell due (the timer's), or
// fails; with want it checks the notice's text.
func rdNotice(t *testing.T, kit *apptest.Kit, d time.Duration, want ...string) apptest.Posted {
	t.Helper()
	got := kit.Advance(t, d)
	if len(got) != 1 || !got[0].Reply.Notice {
		t.Fatalf("after %v: want one notice, got %q", d, apptest.Texts(got))
	}
	apptest.Has(t, "notice", got[0].Reply.Text(), want...)
	return got[0]
}

// rdQuiet moves the clock by d and fails if the bot said anything.
func rdQuiet(t *testing.T, kit *apptest.Kit, d time.Duration) {
	t.Helper()
	if got := kit.Advance(t, d); len(got) != 0 {
		t.Fatalf("after %v: want silence, got %q", d, apptest.Texts(got))
	}
}

// rdMentions fails unless the posted reply notifies exactly these members (by name).
func rdMentions(t *testing.T, p apptest.Posted, names ...string) {
	t.Helper()
	var want []string
	for _, n := range names {
		want = append(want, apptest.Member(n).ID)
	}
	if got := apptest.MentionIDs(p); !slices.Equal(got, want) {
		t.Errorf("%q mentions %v, want %v", p.Reply.Text(), got, want)
	}
}

// rdTalk says an ordinary message as a member, which the road passes through OnMessage,
// and returns what the bot answered (from the outbox, where OnMessage queues it).
func rdTalk(t *testing.T, room *apptest.Room, who, text string) []bot.Reply {
	t.Helper()
	var out []bot.Reply
	for _, p := range room.SayAs(t, apptest.Member(who), text) {
		out = append(out, p.Reply)
	}
	return out
}
