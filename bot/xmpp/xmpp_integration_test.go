package xmpp

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/muc"
	"mellium.im/xmpp/stanza"

	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/store/storetest"
)

// 1. The bot joins its configured room and answers commands; room roles decide admin.
func TestIntegrationJoinAndHelp(t *testing.T) {
	e := prosody(t)
	room := e.newRoomJID("help")
	alice := connect(t, e, "alice")
	alice.createRoom(room, "alice", "anyone")
	startBot(t, e, botOptions{rooms: []string{room}})
	alice.waitPresence(30*time.Second, "the bot joining", botPresent(room))

	help := alice.ask(room, "!help", "folkmoot commands", 10*time.Second)
	if !strings.Contains(help.Body, "*Basics*") || !strings.Contains(help.Body, "`!help`") || help.Unstyled {
		t.Fatalf("the list should carry XEP-0393 styling without <unstyled/>: %q (unstyled %v)", help.Body, help.Unstyled)
	}
	if help.ReplyID == "" || help.ReplyTo != room+"/alice" {
		t.Fatalf("the answer should point at the command (XEP-0461): to %q id %q", help.ReplyTo, help.ReplyID)
	}
	quoted := "<b>x</b> **x** *x* `x`"
	q := alice.ask(room, "!quote "+quoted, "You said", 10*time.Second)
	if !strings.Contains(q.Body, quoted) || !q.Unstyled {
		t.Fatalf("a person's text must arrive literally with <unstyled/>: %q (unstyled %v)", q.Body, q.Unstyled)
	}
	alice.ask(room, "!admin", "admin: true", 10*time.Second) // alice owns the room
	alice.ask(room, "folkmoot: !echo addressed", "echo: addressed", 10*time.Second)
	m := alice.ask(room, "!mention", "this one is for you", 10*time.Second)
	if !strings.HasPrefix(m.Body, "alice: ") {
		t.Fatalf("mention should start with the nick: %q", m.Body)
	}

	bob := connect(t, e, "bob")
	bob.join(room, "bob")
	bob.ask(room, "!admin", "admin: false", 10*time.Second)
}

// 2. Prosody goes away under the running bot: Send fails meanwhile (the core's outbox
// retries), and once Prosody is back the bot reconnects, rejoins and answers within 30 s.
func TestIntegrationReconnectAfterServerRestart(t *testing.T) {
	e := prosody(t)
	room := e.newRoomJID("restart")
	alice := connect(t, e, "alice")
	alice.createRoom(room, "alice", "anyone")
	b := startBot(t, e, botOptions{rooms: []string{room}})
	alice.waitPresence(30*time.Second, "the bot joining", botPresent(room))
	alice.ask(room, "!echo before", "echo: before", 10*time.Second)

	e.ctl(t, "stop")
	waitFor(t, 10*time.Second, "the bot to notice the server is gone", func() bool { return b.tr.current() == nil })
	if err := b.tr.Send(context.Background(), bot.Room{Protocol: bot.XMPP, ID: room}, bot.Text("lost")); err == nil {
		t.Fatal("Send while disconnected must return an error so the outbox retries")
	}

	e.ctl(t, "restart")
	restarted := time.Now()
	alice = connect(t, e, "alice")
	alice.join(room, "alice")
	waitFor(t, 30*time.Second, "the bot to rejoin", func() bool { return b.joined(room) })
	alice.ask(room, "!echo after", "echo: after", 30*time.Second-time.Since(restarted))
}

// 2b. A frozen server (TCP open, nothing answers) is noticed by XEP-0199 pings.
func TestIntegrationPingDetectsDeadConnection(t *testing.T) {
	e := prosody(t)
	room := e.newRoomJID("ping")
	alice := connect(t, e, "alice")
	alice.createRoom(room, "alice", "anyone")
	b := startBot(t, e, botOptions{rooms: []string{room}, tune: func(tu *tuning) {
		// Short, but with room for a loaded machine: a late pong must not look like death.
		tu.pingEvery, tu.pingTimeout, tu.loginTimeout = time.Second, 3*time.Second, 5*time.Second
	}})
	waitFor(t, 30*time.Second, "the bot to join", func() bool { return b.joined(room) })
	first := b.tr.current()

	e.ctl(t, "freeze")
	thawed := false
	defer func() {
		if !thawed {
			e.ctl(t, "thaw")
		}
	}()
	waitFor(t, 15*time.Second, "the bot to drop the dead connection", func() bool { return b.tr.current() != first })
	e.ctl(t, "thaw")
	thawed = true

	waitFor(t, 30*time.Second, "the bot to reconnect and rejoin", func() bool {
		c := b.tr.current()
		return c != nil && c != first && b.joined(room)
	})
	alice.ask(room, "!echo alive", "echo: alive", 15*time.Second)
}

// 3. A command said while the bot was down is answered once when it is back; one said
// before the bot first joined the room, or older than the catch-up window, never.
func TestIntegrationCatchUpAfterRestart(t *testing.T) {
	e := prosody(t)
	room := e.newRoomJID("catchup")
	alice := connect(t, e, "alice")
	alice.createRoom(room, "alice", "anyone")
	alice.say(room, "!echo before the bot")
	alice.waitMessage(10*time.Second, "own line reflected", func(m chat) bool { return m.Body == "!echo before the bot" })

	db := storetest.Open(t) // the bot's database: its KV and the runtime's ledger, as in the app
	first := startBot(t, e, botOptions{rooms: []string{room}, journal: db})
	waitFor(t, 30*time.Second, "the bot to join", func() bool { return first.joined(room) })
	alice.ask(room, "!echo one", "echo: one", 10*time.Second)
	first.stop(t)
	alice.waitPresence(10*time.Second, "the bot leaving", func(p pres) bool {
		return p.From == room+"/folkmoot" && p.Type == "unavailable"
	})

	alice.say(room, "!echo missed")
	alice.waitMessage(10*time.Second, "own line reflected", func(m chat) bool { return m.Body == "!echo missed" })
	second := startBot(t, e, botOptions{rooms: []string{room}, journal: db})
	got := alice.waitMessage(30*time.Second, "the answer to the command said while the bot was down", fromBot(room, "echo: missed"))
	if got.ReplyTo != room+"/alice" || got.ReplyID == "" {
		t.Fatalf("the late answer should point at the command: to %q id %q", got.ReplyTo, got.ReplyID)
	}
	alice.ask(room, "!echo fresh", "echo: fresh", 10*time.Second)
	second.stop(t)

	// Away again, for long: the command said meanwhile is older than the window by the
	// time the bot is back (its clock says 20 minutes later), so it is not run.
	alice.say(room, "!echo too old")
	alice.waitMessage(10*time.Second, "own line reflected", func(m chat) bool { return m.Body == "!echo too old" })
	third := startBot(t, e, botOptions{rooms: []string{room}, journal: db, clock: shiftedClock{by: 20 * time.Minute}})
	waitFor(t, 30*time.Second, "the bot to join", func() bool { return third.joined(room) })
	alice.ask(room, "!echo third", "echo: third", 30*time.Second)

	for body, want := range map[string]int{"echo: before the bot": 0, "echo: one": 1, "echo: missed": 1, "echo: fresh": 1, "echo: too old": 0, "echo: third": 1} {
		if n := alice.count(room, body); n != want {
			t.Errorf("%q posted %d times, want %d", body, n, want)
		}
	}
}

// 3b. The bot is stopped right after answering, twenty times: sometimes gracefully, sometimes
// with the connection cut between the answer leaving and its echo coming back (the reply is
// then queued for retry although the room has it). Every answer is posted exactly once.
func TestIntegrationRestartExactlyOnce(t *testing.T) {
	e := prosody(t)
	room := e.newRoomJID("once")
	alice := connect(t, e, "alice")
	alice.createRoom(room, "alice", "anyone")
	kv, journal := newMemKV(), storetest.Open(t)
	const runs = 20
	for i := range runs {
		cut := i%2 == 1
		b := startBot(t, e, botOptions{rooms: []string{room}, kv: kv, journal: journal, tune: func(tu *tuning) {
			tu.minBackoff = 50 * time.Millisecond
			tu.cutAfterFirstWrite = cut
		}})
		waitFor(t, 30*time.Second, "the bot to join", func() bool { return b.joined(room) })
		want := fmt.Sprintf("echo: run %d", i)
		alice.ask(room, fmt.Sprintf("!echo run %d", i), want, 15*time.Second)
		b.stop(t)
	}
	last := startBot(t, e, botOptions{rooms: []string{room}, kv: kv, journal: journal})
	waitFor(t, 30*time.Second, "the bot to join", func() bool { return last.joined(room) })
	waitFor(t, 60*time.Second, "the outbox to settle", func() bool { return queuedReplies(t, journal) == 0 })
	alice.ask(room, "!echo last", "echo: last", 15*time.Second)
	last.stop(t) // a graceful stop waits for the last answer's echo
	for i := range runs {
		if n := alice.count(room, fmt.Sprintf("echo: run %d", i)); n != 1 {
			t.Errorf("the answer of run %d was posted %d times", i, n)
		}
	}
	if saved, _ := kv.List(context.Background(), kvPending); len(saved) != 0 {
		t.Errorf("unsettled replies remain: %v", saved)
	}
}

// A self-ping (XEP-0410) through the real room says the bot is in it, and once the room
// has kicked the bot, says it is not. A bot that missed its removal finds out from its
// periodic self-ping and joins again, rather than stay deaf to the room.
func TestIntegrationSelfPingFindsALostRoom(t *testing.T) {
	e := prosody(t)
	room := e.newRoomJID("selfping")
	alice := connect(t, e, "alice")
	alice.createRoom(room, "alice", "anyone")
	b := startBot(t, e, botOptions{rooms: []string{room}, tune: func(tu *tuning) {
		tu.pingEvery, tu.selfPingEvery = 100*time.Millisecond, 0
	}})
	waitFor(t, 30*time.Second, "the bot to join", func() bool { return b.joined(room) })
	b.tr.mu.Lock()
	c := b.tr.conn
	b.tr.mu.Unlock()
	if b.tr.selfPing(context.Background(), c, room) != joined {
		t.Fatal("a joined bot's self-ping says it is not in the room")
	}
	alice.iq("set", room, "<query xmlns='http://jabber.org/protocol/muc#admin'><item nick='folkmoot' role='none'/></query>")
	alice.waitPresence(30*time.Second, "the bot to be kicked", func(p pres) bool {
		return p.From == room+"/folkmoot" && p.Type == "unavailable"
	})
	waitFor(t, 30*time.Second, "the kick to reach the bot", func() bool { return !b.joined(room) })
	b.tr.mu.Lock()
	r := b.tr.rooms[room]
	if r != nil {
		// As if the bot had missed the kick: it believes it is in the room.
		r.state, r.caughtUp, r.nick = roomJoined, true, "folkmoot"
	}
	b.tr.mu.Unlock()
	if r == nil {
		t.Fatal("the configured room was forgotten")
	}
	alice.waitPresence(30*time.Second, "the bot to join again", botPresent(room))
	alice.ask(room, "!echo back", "echo: back", 15*time.Second)
}

// 3c. A correction (XEP-0308) is never run, and a private message to the bot within the
// room reaches the commands and is answered privately.
func TestIntegrationCorrectionAndPrivateMessage(t *testing.T) {
	e := prosody(t)
	room := e.newRoomJID("correct")
	alice := connect(t, e, "alice")
	alice.createRoom(room, "alice", "anyone")
	b := startBot(t, e, botOptions{rooms: []string{room}})
	waitFor(t, 30*time.Second, "the bot to join", func() bool { return b.joined(room) })

	first := alice.ask(room, "!echo typo", "echo: typo", 10*time.Second)
	_ = first
	alice.send(stanza.Message{To: address(room), Type: stanza.GroupChatMessage, ID: newID()}.Wrap(xmlstream.MultiReader(
		xmlstream.Wrap(xmlstream.Token(xml.CharData("!echo corrected")), xml.StartElement{Name: xml.Name{Local: "body"}}),
		xmlstream.Wrap(nil, xml.StartElement{Name: xml.Name{Space: "urn:xmpp:message-correct:0", Local: "replace"},
			Attr: []xml.Attr{{Name: xml.Name{Local: "id"}, Value: "whatever"}}}),
	)))
	alice.waitMessage(10*time.Second, "the correction reflected", func(m chat) bool { return m.Body == "!echo corrected" })

	alice.send(outgoing{to: room + "/folkmoot", typ: "chat", id: "pm-1", body: "!echo secret"}.stanza())
	pm := alice.waitMessage(10*time.Second, "the private answer", func(m chat) bool {
		return m.From == room+"/folkmoot" && m.Type == "chat" && strings.Contains(m.Body, "echo: secret")
	})
	if pm.ReplyID != "pm-1" {
		t.Fatalf("the private answer should point at the private message: id %q", pm.ReplyID)
	}
	alice.ask(room, "!echo after", "echo: after", 10*time.Second)
	if n := alice.countContaining(room, "corrected"); n != 0 {
		t.Fatalf("a correction was run as a command (%d answers)", n)
	}
	if n := alice.countContaining(room, "secret"); n != 0 {
		t.Fatalf("the answer to a private message was posted in the room")
	}
}

// 4. A nick change keeps the member: same ID, new name.
func TestIntegrationNickChangeKeepsMember(t *testing.T) {
	e := prosody(t)
	room := e.newRoomJID("nick")
	alice := connect(t, e, "alice")
	alice.createRoom(room, "alice", "anyone")
	b := startBot(t, e, botOptions{rooms: []string{room}})
	alice.waitPresence(30*time.Second, "the bot joining", botPresent(room))

	bob := connect(t, e, "bob")
	bob.join(room, "bob")
	bob.ask(room, "!whoami", "you are bob@localhost (bob)", 10*time.Second)

	bob.send(stanza.Presence{To: address(room + "/robert")}.Wrap(nil))
	bob.waitPresence(10*time.Second, "own nick change", func(p pres) bool { return p.From == room+"/robert" && p.Type == "" })
	bob.ask(room, "!whoami", "you are bob@localhost (robert)", 10*time.Second)

	if !b.sees(room, "robert", "bob@localhost") || b.sees(room, "bob", "bob@localhost") {
		t.Fatal("the occupant list should have moved bob to robert")
	}
}

// 4b. A member whose nick Prosody accepts but mellium's address rules (PRECIS) refuse, here
// with U+115F HANGUL CHOSEONG FILLER, is heard and answered, also privately; a request they send the
// bot is refused without costing the bot its connection, as it would if mellium had to
// refuse it (its refusal gives up on an address it cannot parse by closing the stream).
func TestIntegrationOddNick(t *testing.T) {
	e := prosody(t)
	room := e.newRoomJID("oddnick")
	alice := connect(t, e, "alice")
	alice.createRoom(room, "alice", "anyone")
	b := startBot(t, e, botOptions{rooms: []string{room}})
	alice.waitPresence(30*time.Second, "the bot joining", botPresent(room))
	first := b.tr.current()

	const nick = "Zo\u115F" // NFKC (Prosody's stringprep) leaves it; PRECIS refuses it
	bob := connect(t, e, "bob")
	bob.join(room, nick)
	bob.ask(room, "!whoami", "you are bob@localhost ("+nick+")", 10*time.Second)
	bob.send(outgoing{to: room + "/folkmoot", typ: "chat", id: "pm-odd", body: "!echo privately"}.stanza())
	bob.waitMessage(10*time.Second, "the private answer", privateFromBot(room, "echo: privately"))

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := bob.s.UnmarshalIQElement(ctx, fixture("<query xmlns='jabber:iq:version'/>"),
		stanza.IQ{Type: stanza.GetIQ, To: address(room + "/folkmoot")}, nil)
	if !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
		t.Fatalf("a version request to the bot: %v, want service-unavailable", err)
	}
	bob.ask(room, "!echo still here", "echo: still here", 10*time.Second)
	if b.tr.current() != first {
		t.Fatal("the bot lost its connection")
	}
}

// 4c. A room whose name Prosody accepts but mellium's address rules (PRECIS) refuse, here
// with an en dash, is joined and answered, and what was said there while the bot was away
// is caught up on: its stanza-ids and history stamps name it.
func TestIntegrationRoomNameMelliumRefuses(t *testing.T) {
	e := prosody(t)
	room := e.newRoomJID("assemblée–nord")
	alice := connect(t, e, "alice")
	alice.createRoom(room, "alice", "anyone")
	db := storetest.Open(t)
	first := startBot(t, e, botOptions{rooms: []string{room}, journal: db})
	alice.waitPresence(30*time.Second, "the bot joining", botPresent(room))
	alice.ask(room, "!echo bonjour", "echo: bonjour", 10*time.Second)
	first.stop(t)
	alice.waitPresence(10*time.Second, "the bot leaving", func(p pres) bool {
		return p.From == room+"/folkmoot" && p.Type == "unavailable"
	})

	alice.say(room, "!echo missed")
	alice.waitMessage(10*time.Second, "own line reflected", func(m chat) bool { return m.Body == "!echo missed" })
	second := startBot(t, e, botOptions{rooms: []string{room}, journal: db})
	alice.waitMessage(30*time.Second, "the answer to the command said while the bot was down", fromBot(room, "echo: missed"))
	alice.ask(room, "!echo fresh", "echo: fresh", 10*time.Second)
	second.stop(t)
	for body, want := range map[string]int{"echo: bonjour": 1, "echo: missed": 1, "echo: fresh": 1} {
		if n := alice.count(room, body); n != want {
			t.Errorf("%q posted %d times, want %d", body, n, want)
		}
	}
}

// 5. In a semi-anonymous room the bot cannot see real JIDs unless it is a moderator:
// members are flagged Anonymous, and identified once the bot is made moderator.
func TestIntegrationSemiAnonymousRoom(t *testing.T) {
	e := prosody(t)
	room := e.newRoomJID("semianon")
	alice := connect(t, e, "alice")
	alice.createRoom(room, "alice", "moderators")
	b := startBot(t, e, botOptions{rooms: []string{room}})
	alice.waitPresence(30*time.Second, "the bot joining", botPresent(room))

	bob := connect(t, e, "bob")
	bob.join(room, "bob")
	bob.ask(room, "!whoami", "anonymous "+room+"/bob (bob)", 10*time.Second)

	alice.iq("set", room, "<query xmlns='http://jabber.org/protocol/muc#admin'><item nick='folkmoot' role='moderator'/></query>")
	waitFor(t, 10*time.Second, "the bot, now moderator, to learn bob's JID", func() bool { return b.sees(room, "bob", "bob@localhost") })
	bob.ask(room, "!whoami", "you are bob@localhost (bob)", 10*time.Second)
}

// 6. A digest-sized file goes through HTTP upload; the posted URL serves the same bytes.
func TestIntegrationUpload(t *testing.T) {
	e := prosody(t)
	room := e.newRoomJID("upload")
	alice := connect(t, e, "alice")
	alice.createRoom(room, "alice", "anyone")
	b := startBot(t, e, botOptions{rooms: []string{room}})
	waitFor(t, 30*time.Second, "the bot to join", func() bool { return b.joined(room) })

	content := make([]byte, 200<<10)
	_, _ = rand.Read(content)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	url, err := b.tr.Upload(ctx, bot.Room{Protocol: bot.XMPP, ID: room}, bot.File{
		Name: "minutes-2026-12-05.pdf", MIMEType: "application/pdf", Content: bytes.NewReader(content),
		Size: int64(len(content)), Caption: "Minutes of the assembly",
	})
	if err != nil {
		t.Fatalf("Upload: %v", err)
	}
	alice.waitMessage(10*time.Second, "the caption", fromBot(room, "Minutes of the assembly"))
	m := alice.waitMessage(10*time.Second, "the file link", fromBot(room, url))
	if m.OOB != url || m.Body != url {
		t.Fatalf("posted message: body %q oob %q, want both %q", m.Body, m.OOB, url)
	}

	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s %v", url, resp.Status, err)
	}
	if !bytes.Equal(got, content) {
		t.Fatalf("downloaded %d bytes that differ from the %d uploaded", len(got), len(content))
	}
}

// 7. A self-signed certificate is refused unless insecure_skip_verify is set, for STARTTLS
// and direct TLS alike.
func TestIntegrationTLSVerification(t *testing.T) {
	e := prosody(t)
	tests := []struct {
		name     string
		mode     string
		addr     string
		insecure bool
	}{
		{"starttls verified", "starttls", e.addr, false},
		{"starttls insecure", "starttls", e.addr, true},
		{"direct verified", "direct", e.tlsAddr, false},
		{"direct insecure", "direct", e.tlsAddr, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			room := e.newRoomJID("tls")
			b := startBot(t, e, botOptions{rooms: []string{room}, cfg: func(c *config.XMPP) {
				c.TLS, c.Server, c.InsecureSkipVerify = tc.mode, tc.addr, tc.insecure
			}})
			if !tc.insecure {
				select {
				case err := <-b.done:
					b.done <- err
					if err == nil || !strings.Contains(err.Error(), "certificate") {
						t.Fatalf("Run ended with %v, want a certificate error", err)
					}
					t.Logf("refused as expected: %v", err)
				case <-time.After(20 * time.Second):
					t.Fatal("the bot accepted (or kept retrying) a self-signed certificate")
				}
				return
			}
			waitFor(t, 30*time.Second, "the bot to join over TLS", func() bool { return b.joined(room) })
			alice := connect(t, e, "alice")
			alice.join(room, "alice")
			alice.ask(room, "!echo over tls", "echo: over tls", 10*time.Second)
		})
	}
}

// A wrong password ends Run at start with an error that says so, instead of retrying.
func TestIntegrationWrongPassword(t *testing.T) {
	e := prosody(t)
	b := startBot(t, e, botOptions{cfg: func(c *config.XMPP) { c.Password = "wrong" }})
	select {
	case err := <-b.done:
		b.done <- err
		if !errors.Is(err, errAuth) {
			t.Fatalf("Run ended with %v, want the authentication error", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the bot kept retrying a wrong password")
	}
}

// Invitations from a bot admin (mediated and direct) are accepted and remembered across a
// restart; a kick is respected and forgotten.
func TestIntegrationInviteRememberAndKick(t *testing.T) {
	e := prosody(t)
	mediated, direct := e.newRoomJID("mediated"), e.newRoomJID("direct")
	alice := connect(t, e, "alice")
	alice.createRoom(mediated, "alice", "anyone")
	alice.createRoom(direct, "alice", "anyone")
	kv := newMemKV()
	first := startBot(t, e, botOptions{kv: kv, admins: []string{"alice@localhost"}})
	waitFor(t, 30*time.Second, "the bot to connect", func() bool { return first.tr.current() != nil })

	// bob is not an admin: his invitation is ignored.
	bob := connect(t, e, "bob")
	bob.inviteDirectly(e.jid("folkmoot"), e.newRoomJID("ignored"))
	alice.send(stanza.Message{To: address(mediated), Type: stanza.NormalMessage}.Wrap(muc.Invitation{JID: address(e.jid("folkmoot"))}.MarshalMediated()))
	alice.inviteDirectly(e.jid("folkmoot"), direct)
	waitFor(t, 30*time.Second, "the bot to accept both invitations", func() bool { return first.joined(mediated) && first.joined(direct) })
	if saved, _ := kv.List(context.Background(), kvRooms); len(saved) != 2 {
		t.Fatalf("remembered rooms: %v, want the two invited ones", saved)
	}
	first.stop(t)

	second := startBot(t, e, botOptions{kv: kv, admins: []string{"alice@localhost"}})
	waitFor(t, 30*time.Second, "the bot to rejoin remembered rooms", func() bool { return second.joined(mediated) && second.joined(direct) })
	alice.ask(direct, "!echo remembered", "echo: remembered", 10*time.Second)

	alice.iq("set", direct, "<query xmlns='http://jabber.org/protocol/muc#admin'><item nick='folkmoot' role='none'><reason>test</reason></item></query>")
	waitFor(t, 10*time.Second, "the kicked room to be forgotten", func() bool {
		_, ok, _ := kv.Get(context.Background(), kvRooms, direct)
		return !ok && !second.joined(direct)
	})
	if !second.joined(mediated) {
		t.Fatal("a kick from one room must not affect another")
	}
}
