package rounds_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/config"
	"folkmoot/feature/rounds"
)

// A round with a sign-up: the window, the order, the floor with a mention, the warning, the
// end of a turn, the pause, a pass with a second chance, done early, and the summary.
func TestRoundFromSignUpToSummary(t *testing.T) {
	kit, room := rdRoom(t)
	room.Answers(t, "ana", "!round budget --each 1m --pause 10s --second-chance",
		"Listening round “budget”: say !in within 1 minute to take part.")
	room.Answers(t, "bo", "!in", "bo is in (1 so far).")
	room.Answers(t, "cy", "!in", "cy is in (2 so far).")
	room.Answers(t, "dan", "!in", "dan is in (3 so far).")
	quiet(t, kit, 59*time.Second)

	p := notice(t, kit, time.Second, "The order “budget”: bo, cy, dan.\n🎙 bo has the floor (1:00).")
	mentions(t, p, "bo")
	notice(t, kit, 30*time.Second, "30 seconds left.")
	notice(t, kit, 30*time.Second, "Time — thank you, bo.\n10 seconds of silence.")
	mentions(t, notice(t, kit, 10*time.Second, "🎙 cy has the floor (1:00)."), "cy")

	kit.Advance(t, 5*time.Second)
	posted := room.SayAs(t, apptest.Member("cy"), "!pass")
	if len(posted) != 1 {
		t.Fatalf("pass: %q", apptest.Texts(posted))
	}
	apptest.Has(t, "pass", posted[0].Reply.Text(), "cy passes for now; the floor comes back to them at the end.\n🎙 dan has the floor (1:00).")
	mentions(t, posted[0], "dan")
	quiet(t, kit, 20*time.Second)
	room.Answers(t, "dan", "!done", "Thank you, dan.\n10 seconds of silence.")
	mentions(t, notice(t, kit, 10*time.Second, "🎙 cy has the floor again (1:00)."), "cy")
	kit.Advance(t, 15*time.Second)
	room.Answers(t, "cy", "!done", "Thank you, cy.\nThe round “budget” is over:\n1. bo — 1:00\n2. cy — 0:20 (after passing once)\n3. dan — 0:20\n"+
		"Spoke: 3 · passed: 0 · time used: 1:40.") // cy's 5 seconds before passing count
	quiet(t, kit, time.Hour)

	reps, err := rounds.Reports(context.Background(), kit.App.DB, room.Room, apptest.Start, kit.Clock.Now())
	if err != nil || len(reps) != 1 || reps[0].Report.Topic != "budget" || len(reps[0].Report.Lines) != 3 {
		t.Fatalf("the summary is kept for the minutes: %+v %v", reps, err)
	}
	room.Answers(t, "bo", "!stats", "Turns in rounds and the queue so far (no meeting has started in this room yet):\nbo — 1 turn, 1:00\ncy — 1 turn, 0:20\ndan — 1 turn, 0:20\nTotal 1:40; inequality of speaking time (Gini, 0 = everyone spoke equally): 0.27.")
	room.Answers(t, "bo", "!stats week", "Turns in rounds and the queue in the last 7 days:\nbo — 1 turn, 1:00\ncy — 1 turn, 0:20\ndan — 1 turn, 0:20\nTotal 1:40; inequality of speaking time (Gini, 0 = everyone spoke equally): 0.27")
}

// The speaker's own !next is their !done; the last one's !done ends the round.
func TestSpeakerMayMoveOn(t *testing.T) {
	kit, room := rdRoom(t)
	room.SayOne(t, "ana", "!round --with bo cy --pause 5s")
	kit.Advance(t, 40*time.Second)
	room.Answers(t, "bo", "!next", "Thank you, bo.\n5 seconds of silence.")
	room.Answers(t, "ana", "!next", "🎙 cy has the floor (2:00).") // the facilitator cuts the pause short
	room.Answers(t, "bo", "!next", "Only whoever holds the floor, the room's facilitator, room admins or bot admins may use !next.")
	room.Answers(t, "cy", "!done", "Thank you, cy.\nThe round is over:\n1. bo — 0:40\n2. cy — 0:00")
}

// With --quiet, talking during someone else's turn is reminded once per member; the speaker
// and commands are never reminded.
func TestQuietRoundRemindsOnce(t *testing.T) {
	_, room := rdRoom(t)
	room.SayOne(t, "ana", "!round --with bo cy --quiet")
	got := talk(t, room, "cy", "but the hall is too small")
	if len(got) != 1 || got[0].Text() != "cy, please hold your words until it is your turn: this is a listening round." || got[0].Notice {
		t.Fatalf("reminder: %+v", got)
	}
	if ids := apptest.MentionIDs(apptest.Posted{Reply: got[0]}); len(ids) != 1 || ids[0] != apptest.Member("cy").ID {
		t.Errorf("the reminder mentions %v", ids)
	}
	for _, c := range []struct{ who, text string }{{"cy", "sorry"}, {"bo", "as I was saying"}} {
		if got := talk(t, room, c.who, c.text); len(got) != 0 {
			t.Errorf("%s: %q: want nothing, got %q", c.who, c.text, got[0].Text())
		}
	}
	for _, r := range talk(t, room, "dan", "!stats") {
		if strings.Contains(r.Text(), "hold your words") {
			t.Errorf("a command was reminded: %q", r.Text())
		}
	}
	if got := talk(t, room, "dan", "hm"); len(got) != 1 {
		t.Errorf("dan's first words: want a reminder, got %d", len(got))
	}
	room.SayOne(t, "ana", "!round stop")
	if got := talk(t, room, "cy", "finally"); len(got) != 0 {
		t.Errorf("after the round: %q", got[0].Text())
	}
}

// Orders: least-heard puts who spoke least this meeting first; random keeps everyone once.
func TestRoundOrders(t *testing.T) {
	kit, room := rdRoom(t)
	room.SayOne(t, "ana", "!round --with bo cy dan")
	kit.Advance(t, time.Minute)
	room.SayOne(t, "bo", "!done")
	kit.Advance(t, 10*time.Second)
	kit.Advance(t, 20*time.Second)
	room.SayOne(t, "cy", "!done")
	room.SayOne(t, "ana", "!round stop")
	room.Answers(t, "ana", "!round --with bo cy dan --order least-heard --pause 0", "The order: dan, cy, bo.")
	room.SayOne(t, "ana", "!round stop")
	got := room.SayOne(t, "ana", "!round --with bo cy dan --order random")
	for _, who := range []string{"bo", "cy", "dan"} {
		apptest.Has(t, "random", got, who)
	}
}

// A person's text stays inert: a note or topic cannot start a line of the bot's own.
func TestPersonTextIsInert(t *testing.T) {
	_, room := rdRoom(t)
	p := room.SayAs(t, apptest.Member("bo"), "!hand hi\n• 🎙 ana has the floor.\u202e")
	if len(p) != 1 || len(p[0].Reply.Doc.Blocks) != 1 {
		t.Fatalf("one paragraph: %+v", p)
	}
	if got := p[0].Reply.Text(); got != "bo is 1st in the queue: “hi • 🎙 ana has the floor.”." {
		t.Errorf("note: %q", got)
	}
	got := room.SayOne(t, "ana", "!round topic\u2066 with\nnew line --signup 20s")
	if got != "Listening round “topic with new line”: say !in within 20 seconds to take part." {
		t.Errorf("topic: %q", got)
	}
}

// The reminder goes through the outbox (OnMessage queues it in the transaction that records
// it was given), so a stop right after that commit cannot lose it.
func TestQuietRoundReminderGoesThroughTheOutbox(t *testing.T) {
	kit, room := rdRoom(t)
	room.SayOne(t, "ana", "!round --with bo cy --quiet")
	env := &commands.Env{Config: kit.Config, Now: kit.Clock.Now, Names: []string{"folkmoot"}}
	msg := bot.Message{Room: room.Room, Sender: apptest.Member("cy"), Text: "but", ID: "said-1", Time: kit.Clock.Now()}
	err := kit.App.DB.InTx(context.Background(), func(tx *sql.Tx) error {
		return rounds.OnMessage(context.Background(), env, tx, kit.Transport, msg)
	})
	if err != nil {
		t.Fatal(err)
	}
	queued, err := kit.App.DB.Pending(context.Background(), bot.Console, kit.Clock.Now(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(queued) != 1 || !strings.Contains(queued[0].Reply.Text(), "please hold your words") || queued[0].Reply.InReplyTo != "said-1" {
		t.Fatalf("outbox: %+v", queued)
	}
}

// TestRoundsNameCommandsWithTheRoomsPrefix: every answer that names a command says it with the
// configured prefix, never a hard-coded "!".
func TestRoundsNameCommandsWithTheRoomsPrefix(t *testing.T) {
	kit := apptest.NewWith(t, t.TempDir(), apptest.Start, func(c *config.Config) { c.CommandPrefix = "." }, own())
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Answers(t, "ana", ".in", "No listening round is running: start one with .round.")
	room.SayOne(t, "bo", ".hand")
	room.SayOne(t, "ana", ".next")
	room.Answers(t, "ana", ".round budget", "bo holds the floor from the queue: say .done or .next first.")
	room.SayOne(t, "bo", ".done")
	room.Answers(t, "ana", ".round budget", "say .in within")
	room.Answers(t, "cy", ".skip", "may use .next.")
	for _, say := range []string{".stats", ".round stop"} {
		apptest.Lacks(t, say, room.SayOne(t, "ana", say), "!")
	}
}
