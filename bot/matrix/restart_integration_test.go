package matrix

import (
	"sync/atomic"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// Test 4: commands sent while the bot is down are answered exactly once after it starts
// again; nothing answered before the stop is answered again; an edit of an old command is
// not executed. The restarted bot keeps its device.
func TestIntegrationRestartExactlyOnce(t *testing.T) {
	env := needDendrite(t)
	setup := newBotSetup(t, env)
	first := setup.start(t, env)
	device := first.tr.DeviceID()
	ana := newPerson(t, env, "member")
	room := ana.createRoom(true, setup.acct.ID)
	ana.waitJoined(room, setup.acct.ID)
	before := ana.say(room, "!help")
	ana.replyTo(setup.acct.ID, before)

	first.stop()
	down1 := ana.say(room, "!help")
	down2 := ana.say(room, "!echo while you were away")
	edit := ana.send(room, event.EventMessage, &event.MessageEventContent{
		MsgType: event.MsgText, Body: "!help", // some clients leave out the "* " fallback prefix
		NewContent: &event.MessageEventContent{MsgType: event.MsgText, Body: "!help"},
		RelatesTo:  (&event.RelatesTo{}).SetReplace(before),
	})

	second := setup.start(t, env)
	if got := second.tr.DeviceID(); got != device {
		t.Errorf("device after restart = %s, want the stored %s", got, device)
	}
	ana.replyTo(setup.acct.ID, down1)
	if c := ana.replyTo(setup.acct.ID, down2).Content.AsMessage(); c.Body != "while you were away" {
		t.Errorf("reply to the second command = %q", c.Body)
	}
	// The bot handles a room in order: once the answer to a new command is there, any
	// duplicate of an older answer would be there too.
	after := ana.say(room, "!help")
	ana.replyTo(setup.acct.ID, after)
	for _, c := range []struct {
		name string
		id   id.EventID
		want int
	}{
		{"command answered before the stop", before, 1},
		{"first command sent while down", down1, 1},
		{"second command sent while down", down2, 1},
		{"edit of an old command", edit, 0},
		{"command after the restart", after, 1},
	} {
		if got := ana.count(isReplyTo(setup.acct.ID, c.id)); got != c.want {
			t.Errorf("%s: answered %d times, want %d", c.name, got, c.want)
		}
	}
}

// Test 8: the homeserver restarts under the running bot; it reconnects on its own, logs the
// outage once, and answers the next command.
func TestIntegrationHomeserverRestart(t *testing.T) {
	env := needDendrite(t)
	setup := newBotSetup(t, env)
	setup.start(t, env)
	ana := newPerson(t, env, "member")
	room := ana.createRoom(true, setup.acct.ID)
	ana.waitJoined(room, setup.acct.ID)
	ana.replyTo(setup.acct.ID, ana.say(room, "!help"))

	restartDendrite(t, env)
	waitFor(t, 90*time.Second, "the bot to reconnect", func() bool {
		return setup.logs.Count("reconnected to the homeserver") > 0
	})
	ana.replyTo(setup.acct.ID, ana.say(room, "!help"))
	if n := setup.logs.Count("homeserver unreachable"); n != 1 {
		t.Errorf("logged the outage %d times, want once", n)
	}
	if n := setup.logs.Count("reconnected to the homeserver"); n != 1 {
		t.Errorf("logged the reconnection %d times, want once", n)
	}
}

// A command older than the catch-up window when the bot comes back is logged and skipped.
// The bot's clock is pushed 11 minutes ahead for the restart, then set right again.
func TestIntegrationCatchUpWindow(t *testing.T) {
	env := needDendrite(t)
	setup := newBotSetup(t, env)
	var skew atomic.Int64
	setup.now = func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	first := setup.start(t, env)
	ana := newPerson(t, env, "member")
	room := ana.createRoom(true, setup.acct.ID)
	ana.waitJoined(room, setup.acct.ID)
	ana.replyTo(setup.acct.ID, ana.say(room, "!help"))
	first.stop()

	stale := ana.say(room, "!help")
	skew.Store(int64(11 * time.Minute))
	setup.start(t, env)
	waitFor(t, 30*time.Second, "the stale command to be skipped", func() bool {
		return setup.logs.Count("skipped a message older than the catch-up window") > 0
	})
	skew.Store(0)
	ana.replyTo(setup.acct.ID, ana.say(room, "!help"))
	if n := ana.count(isReplyTo(setup.acct.ID, stale)); n != 0 {
		t.Errorf("a command older than the catch-up window was answered %d times", n)
	}
}
