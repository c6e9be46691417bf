package matrix

import (
	"context"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"

	"folkmoot/bot"
)

// Test 9: no plaintext ever: the bot's first message in an encrypted room it has just joined
// is encrypted, even when its state store has not (yet) learnt that the room is encrypted,
// and so are its reactions and replies. Checked on the server's copy of the timeline.
func TestIntegrationFirstMessageEncrypted(t *testing.T) {
	env := needDendrite(t)
	setup := newBotSetup(t, env)
	b := setup.start(t, env)
	ana := newPerson(t, env, "member")
	room := ana.createRoom(true, setup.acct.ID)
	ana.waitJoined(room, setup.acct.ID)

	// Once the bot has settled in, make it forget the room's encryption, as a state store
	// that has not caught up with a fresh join would: the send must find out by itself.
	waitFor(t, 30*time.Second, "the bot to load the room state", func() bool {
		b.tr.mu.Lock()
		defer b.tr.mu.Unlock()
		_, ok := b.tr.encrypted[room]
		return ok
	})
	b.tr.forgetState(room)
	if _, err := b.tr.db.Exec(context.Background(), "UPDATE mx_room_state SET encryption=NULL WHERE room_id=$1", room); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := b.tr.Send(ctx, bot.Room{Protocol: bot.Matrix, ID: room.String()}, bot.Text("hello, first words")); err != nil {
		t.Fatal(err)
	}
	hello := ana.waitEvent(30*time.Second, "the first words", func(evt *event.Event) bool {
		return evt.Sender == setup.acct.ID && evt.Type == event.EventMessage && evt.Content.AsMessage().Body == "hello, first words"
	})
	if hello.Mautrix.EventSource&event.SourceDecrypted == 0 {
		t.Error("the first message was not encrypted")
	}
	ack := ana.say(room, "!ack")
	ana.waitEvent(30*time.Second, "the ✅ reaction", func(evt *event.Event) bool {
		return evt.Sender == setup.acct.ID && evt.Type == event.EventReaction &&
			evt.Content.AsReaction().RelatesTo.EventID == ack && evt.Content.AsReaction().RelatesTo.Key == "✅"
	})
	ana.replyTo(setup.acct.ID, ana.say(room, "!help"))

	fromBot := 0
	for _, evt := range ana.timeline(room) {
		if evt.Sender != setup.acct.ID || evt.StateKey != nil {
			continue
		}
		fromBot++
		if evt.Type != event.EventEncrypted {
			t.Errorf("the bot sent %s %s in the clear: %s", evt.Type.Type, evt.ID, evt.Content.VeryRaw)
		}
	}
	if fromBot != 3 {
		t.Errorf("found %d events from the bot on the server, want 3 (message, reaction, reply)", fromBot)
	}
}

// Test 10: history is never replayed. A fresh bot invited into a room does not answer the
// !help already in its history; and a brand-new device of a bot already in a room (its
// database lost) does not answer what its first sync delivers.
func TestIntegrationNoReplayOfHistory(t *testing.T) {
	env := needDendrite(t)
	ana := newPerson(t, env, "member")

	t.Run("fresh bot invited", func(t *testing.T) {
		room := ana.createRoom(false)
		old := ana.say(room, "!help")
		setup := newBotSetup(t, env)
		setup.start(t, env)
		ana.invite(room, setup.acct.ID)
		ana.waitJoined(room, setup.acct.ID)
		ana.replyTo(setup.acct.ID, ana.say(room, "!help"))
		if n := ana.count(isReplyTo(setup.acct.ID, old)); n != 0 {
			t.Errorf("the old !help from before the bot joined was answered %d times", n)
		}
	})

	t.Run("new device of a member", func(t *testing.T) {
		setup := newBotSetup(t, env)
		first := setup.start(t, env)
		room := ana.createRoom(false, setup.acct.ID)
		ana.waitJoined(room, setup.acct.ID)
		ana.replyTo(setup.acct.ID, ana.say(room, "!help"))
		first.stop()
		missed := ana.say(room, "!help")

		fresh := *setup
		fresh.dbPath = t.TempDir() + "/fresh.db"
		second := fresh.start(t, env)
		if second.tr.DeviceID() == first.tr.DeviceID() {
			t.Fatal("expected a new device for an empty database")
		}
		ana.replyTo(setup.acct.ID, ana.say(room, "!help"))
		if n := ana.count(isReplyTo(setup.acct.ID, missed)); n != 0 {
			t.Errorf("a command from the new device's first sync was answered %d times", n)
		}
	})
}
