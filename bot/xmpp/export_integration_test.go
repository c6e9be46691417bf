package xmpp

import (
	"fmt"
	"folkmoot/bot/bottest"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"mellium.im/xmpp/stanza"
)

// This file lends the Prosody helpers to the external package xmpp_test, whose tests run the
// real folkmoot core: folkmoot/app imports this package, so those tests cannot live inside it.

// Server is the test Prosody, for xmpp_test.
type Server struct{ e prosodyEnv }

// ProsodyServer returns the test Prosody, skipping (or failing under
// FOLKMOOT_REQUIRE_SERVERS=1) when scripts/prosody.sh has not been started.
func ProsodyServer(t *testing.T) Server {
	t.Helper()
	return Server{e: prosody(t)}
}

// JID is the bare JID of a test account.
func (s Server) JID(user string) string { return s.e.jid(user) }

// Addr is the c2s address (plain or STARTTLS).
func (s Server) Addr() string { return s.e.addr }

// Password is the password of every test account.
func (s Server) Password() string { return s.e.password }

// NewRoomJID makes a fresh room name.
func (s Server) NewRoomJID(prefix string) string { return s.e.newRoomJID(prefix) }

// Connect logs a person in for the rest of the test.
func (s Server) Connect(t *testing.T, user string) *Person {
	t.Helper()
	return &Person{cl: connect(t, s.e, user)}
}

// Logger writes a log into the test output until the test ends. With a capture, every line
// down to debug also goes there as JSON, so a test can check what the bot logged.
func Logger(t *testing.T, capture ...io.Writer) zerolog.Logger { return testLog(t, capture...) }

// LogLines keeps log lines (give it to Logger as a capture) so that tests can count them.
type LogLines = bottest.LogLines

// Person is a real XMPP client in a test. Room setup (CreateRoom, Join, ChangeNick, WaitBot)
// fails the test that connected it; Say, Ask and NextFromBot fail the test they are given.
type Person struct{ cl *client }

// CreateRoom creates a room and becomes its owner; whois is "anyone" (non-anonymous) or
// "moderators" (semi-anonymous).
func (p *Person) CreateRoom(room, nick, whois string) {
	p.cl.t.Helper()
	p.cl.createRoom(room, nick, whois)
}

// Join enters a room.
func (p *Person) Join(room, nick string) {
	p.cl.t.Helper()
	p.cl.join(room, nick)
}

// ChangeNick changes the nick in a room and waits for the room to confirm it.
func (p *Person) ChangeNick(room, nick string) {
	p.cl.t.Helper()
	p.cl.send(stanza.Presence{To: address(room + "/" + nick)}.Wrap(nil))
	p.cl.waitPresence(10*time.Second, "own nick change", func(pr pres) bool {
		return pr.From == room+"/"+nick && pr.Type == ""
	})
	p.cl.nicks[room] = nick
}

// Say posts a line in a room and waits until the room reflects it, so it is surely in the
// room (and its history) when Say returns. t is the (sub)test that fails if it does not.
func (p *Person) Say(t *testing.T, room, text string) {
	t.Helper()
	p.Drain()
	p.cl.say(room, text)
	nick := p.cl.nicks[room]
	p.wait(t, 10*time.Second, fmt.Sprintf("own line %q reflected", text), func(m chat) bool {
		return m.From == room+"/"+nick && m.Body == text
	})
}

// React puts a reaction (XEP-0444) on the room's message with ID to.
func (p *Person) React(room, to, key string) { p.cl.react(room, to, key) }

// Drain forgets the messages received so far, so the next answer is the one awaited.
func (p *Person) Drain() {
	for {
		select {
		case <-p.cl.msgs:
		default:
			return
		}
	}
}

// NextFromBot waits for the bot's next live message in the room (nick folkmoot). Messages
// from the bot for which skip returns true are passed over; nil skips none.
func (p *Person) NextFromBot(t *testing.T, room string, timeout time.Duration, skip func(string) bool) string {
	t.Helper()
	return p.wait(t, timeout, "the bot's answer in "+room, func(m chat) bool {
		return fromBot(room, "")(m) && (skip == nil || !skip(m.Body))
	}).Body
}

// Ask says text and returns the bot's next message, failing unless it contains every want.
func (p *Person) Ask(t *testing.T, room, text string, want ...string) string {
	t.Helper()
	p.Say(t, room, text)
	got := p.NextFromBot(t, room, 15*time.Second, nil)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Fatalf("%q answered %q, want it to contain %q", text, got, w)
		}
	}
	return got
}

// AskStyled is Ask returning the answer's body as sent and whether it carried the XEP-0393
// <unstyled/> hint.
func (p *Person) AskStyled(t *testing.T, room, text string) (body string, unstyled bool) {
	t.Helper()
	p.Say(t, room, text)
	m := p.wait(t, 15*time.Second, "the bot's answer in "+room, fromBot(room, ""))
	return m.Body, m.Unstyled
}

// AskPrivately sends text to the bot as a private message within the room and returns the
// bot's next private message there, failing unless it contains every want.
func (p *Person) AskPrivately(t *testing.T, room, text string, want ...string) string {
	t.Helper()
	p.Drain()
	p.cl.send(outgoing{to: room + "/folkmoot", typ: "chat", id: newID(), body: text}.stanza())
	got := p.wait(t, 15*time.Second, "the bot's private answer in "+room, privateFromBot(room, "")).Body
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Fatalf("%q (privately) answered %q, want it to contain %q", text, got, w)
		}
	}
	return got
}

// WaitPrivateFromBot waits for the bot's next private message within the room that contains
// text, passing over other messages; t fails after timeout.
func (p *Person) WaitPrivateFromBot(t *testing.T, room, text string, timeout time.Duration) Message {
	t.Helper()
	m := p.wait(t, timeout, fmt.Sprintf("the bot privately saying %q in %s", text, room), privateFromBot(room, text))
	return Message{Body: m.Body, OOB: m.OOB}
}

// CountPrivateFromBot counts the bot's private messages within room to this person that
// contain text, since Connect.
func (p *Person) CountPrivateFromBot(room, text string) int {
	return p.cl.countMatching(privateFromBot(room, text))
}

// PrivateFromBot is the bot's private messages within room to this person since Connect,
// oldest first, read without consuming the ones awaited elsewhere.
func (p *Person) PrivateFromBot(room string) []Message {
	p.cl.logMu.Lock()
	defer p.cl.logMu.Unlock()
	var out []Message
	for _, m := range p.cl.log {
		if privateFromBot(room, "")(m) {
			out = append(out, Message{Body: m.Body, OOB: m.OOB})
		}
	}
	return out
}

// WaitFor polls cond until it holds, failing t after timeout (never a fixed sleep).
func WaitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	waitFor(t, timeout, what, cond)
}

// CountFromBot counts the bot's live messages in room that contain text, since Connect.
func (p *Person) CountFromBot(room, text string) int { return p.cl.countContaining(room, text) }

// FromBot is the bot's live messages in room since Connect, oldest first: a test can look
// for one without consuming the others, whatever order they came in.
func (p *Person) FromBot(room string) []string {
	p.cl.logMu.Lock()
	defer p.cl.logMu.Unlock()
	var out []string
	for _, m := range p.cl.log {
		if fromBot(room, "")(m) {
			out = append(out, m.Body)
		}
	}
	return out
}

// wait is client.waitMessage failing t rather than the test that connected, so subtests
// may use a Person made by their parent.
func (p *Person) wait(t *testing.T, timeout time.Duration, what string, match func(chat) bool) chat {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		select {
		case m := <-p.cl.msgs:
			if match(m) {
				return m
			}
		case <-deadline.C:
			t.Fatalf("%s: timed out after %v waiting for %s", p.cl.jid, timeout, what)
		}
	}
}

// WaitBot waits until the bot's presence in the room is available (or, with gone, until it
// left).
func (p *Person) WaitBot(room string, gone bool, timeout time.Duration) {
	p.cl.t.Helper()
	what := "the bot joining " + room
	if gone {
		what = "the bot leaving " + room
	}
	p.cl.waitPresence(timeout, what, func(pr pres) bool {
		return pr.From == room+"/folkmoot" && (pr.Type == "unavailable") == gone
	})
}

// Message is a live room message from the bot, as a person's client received it.
type Message struct {
	Body string
	OOB  string // the XEP-0066 link of a posted file, "" for text
}

// WaitFromBot waits for the bot's next live message in the room that contains text, passing
// over the others; t fails after timeout.
func (p *Person) WaitFromBot(t *testing.T, room, text string, timeout time.Duration) Message {
	t.Helper()
	m := p.wait(t, timeout, fmt.Sprintf("the bot saying %q in %s", text, room), fromBot(room, text))
	return Message{Body: m.Body, OOB: m.OOB}
}

// SetWhois changes who may see real JIDs in a room the person owns: "anyone" makes it
// non-anonymous, "moderators" semi-anonymous. The room tells its occupants with status 172
// or 173 before the owner's request is answered.
func (p *Person) SetWhois(room, whois string) {
	p.cl.t.Helper()
	p.cl.iq("set", room, `<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'>`+
		`<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>`+
		`<field var='muc#roomconfig_whois'><value>`+whois+`</value></field></x></query>`)
}
