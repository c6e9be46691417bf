package matrix

import (
	"folkmoot/bot/bottest"
	"io"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// This file lends the Dendrite helpers to the external package matrix_test, whose tests run
// the real folkmoot core: folkmoot/app imports this package, so those tests cannot live
// inside it.

// EventPollResponse is the stable m.poll.response type, which mautrix v0.31 does not declare.
var EventPollResponse = eventPollResponse

// Server is the test Dendrite, for matrix_test.
type Server struct{ e dendriteEnv }

// DendriteServer returns the test Dendrite, skipping (or failing under
// FOLKMOOT_REQUIRE_SERVERS=1) when scripts/dendrite.sh has not been started.
func DendriteServer(t *testing.T) Server {
	t.Helper()
	return Server{e: needDendrite(t)}
}

// URL is the homeserver's client API address.
func (s Server) URL() string { return s.e.URL }

// Register makes a fresh account whose localpart starts with prefix; it returns the user ID
// and password.
func (s Server) Register(t *testing.T, prefix string) (userID, password string) {
	t.Helper()
	a := register(t, s.e, prefix)
	return a.ID.String(), a.Password
}

// Connect registers a person and logs them in with encryption for the rest of the test.
func (s Server) Connect(t *testing.T, prefix string) *Person {
	t.Helper()
	return &Person{p: newPerson(t, s.e, prefix)}
}

// Logger writes a log into the test output until the test ends (FOLKMOOT_TEST_LOG=debug
// shows more). With capture, every line down to debug also goes to capture as JSON, so a
// test can check what the bot logged.
func Logger(t *testing.T, capture io.Writer) zerolog.Logger {
	if capture == nil {
		return testLogger(t)
	}
	level := zerolog.InfoLevel
	if l, err := zerolog.ParseLevel(os.Getenv("FOLKMOOT_TEST_LOG")); err == nil && l != zerolog.NoLevel {
		level = l
	}
	w := &testWriter{tb: t}
	t.Cleanup(w.close)
	shown := zerolog.ConsoleWriter{Out: w, NoColor: true, TimeFormat: "15:04:05.000"}
	out := zerolog.MultiLevelWriter(&zerolog.FilteredLevelWriter{Writer: zerolog.LevelWriterAdapter{Writer: shown}, Level: level}, capture)
	return zerolog.New(out).Level(min(level, zerolog.DebugLevel)).With().Timestamp().Logger()
}

// LogLines keeps log lines (give it to Logger as capture) so that tests can count them.
type LogLines = bottest.LogLines

// Person is a real Matrix client (goolm crypto) in a test. Room setup (CreateRoom, Join,
// WaitJoined) fails the test that connected it; Say, Send and WaitEvent fail the test they
// are given, so subtests may use a Person made by their parent.
type Person struct{ p *person }

// ID is the person's Matrix user ID.
func (p *Person) ID() id.UserID { return p.p.acct.ID }

// CreateRoom makes a private room (the creator has power level 100) inviting users.
func (p *Person) CreateRoom(encrypted bool, invite ...id.UserID) id.RoomID {
	p.p.tb.Helper()
	return p.p.createRoom(encrypted, invite...)
}

// Join accepts an invitation and loads the room's state.
func (p *Person) Join(room id.RoomID) {
	p.p.tb.Helper()
	p.p.join(room)
}

// WaitJoined waits until this client has seen user join the room.
func (p *Person) WaitJoined(room id.RoomID, user id.UserID) {
	p.p.tb.Helper()
	p.p.waitJoined(room, user)
}

// Send posts a message event (encrypted in an encrypted room) and returns its ID.
func (p *Person) Send(t *testing.T, room id.RoomID, typ event.Type, content any) id.EventID {
	t.Helper()
	resp, err := p.p.cli.SendMessageEvent(p.p.ctx(), room, typ, content)
	if err != nil {
		t.Fatalf("%s sends %s: %v", p.ID(), typ.Type, err)
	}
	return resp.EventID
}

// Say posts a plain text message and returns its event ID.
func (p *Person) Say(t *testing.T, room id.RoomID, text string) id.EventID {
	t.Helper()
	return p.Send(t, room, event.EventMessage, &event.MessageEventContent{MsgType: event.MsgText, Body: text})
}

// WaitEvent returns the first room event this client received (decrypted when it was
// encrypted) that matches, waiting up to timeout.
func (p *Person) WaitEvent(t *testing.T, timeout time.Duration, what string, match func(*event.Event) bool) *event.Event {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		if evt := p.p.find(match); evt != nil {
			return evt
		}
		select {
		case <-p.p.seen:
		case <-deadline.C:
			t.Fatalf("%s: timed out after %s waiting for %s", p.ID(), timeout, what)
		}
	}
}

// WaitInvite waits for an invitation from from to a room other than those in except, and
// returns the room and whether it is marked as a direct chat.
func (p *Person) WaitInvite(t *testing.T, from id.UserID, except ...id.RoomID) (room id.RoomID, direct bool) {
	t.Helper()
	waitFor(t, 60*time.Second, "an invitation from "+from.String(), func() bool {
		p.p.mu.Lock()
		defer p.p.mu.Unlock()
		for _, evt := range p.p.invites {
			if evt.Sender == from && !slices.Contains(except, evt.RoomID) {
				room, direct = evt.RoomID, evt.Content.AsMember().IsDirect
				return true
			}
		}
		return false
	})
	return room, direct
}

// Leave leaves a room.
func (p *Person) Leave(t *testing.T, room id.RoomID) {
	t.Helper()
	if _, err := p.p.cli.LeaveRoom(p.p.ctx(), room); err != nil {
		t.Fatalf("%s leaves %s: %v", p.ID(), room, err)
	}
}

// ReplyTo waits for from's message answering event cmd.
func (p *Person) ReplyTo(t *testing.T, from id.UserID, cmd id.EventID) *event.Event {
	t.Helper()
	return p.WaitEvent(t, 60*time.Second, "a reply to "+cmd.String(), isReplyTo(from, cmd))
}

// Count is how many received events match.
func (p *Person) Count(match func(*event.Event) bool) int { return p.p.count(match) }

// WaitFor polls cond until it holds, failing the test after timeout (never a fixed sleep).
func WaitFor(tb testing.TB, timeout time.Duration, what string, cond func() bool) {
	tb.Helper()
	waitFor(tb, timeout, what, cond)
}
