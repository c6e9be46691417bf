package xmpp

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"


	"folkmoot/bot"
	"folkmoot/config"
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
	if !strings.Contains(help.Body, "*!help*") {
		t.Fatalf("help text lost its styling: %q", help.Body)
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

// 3. Commands said while the bot was down are not run when it comes back.
func TestIntegrationNoReplayAfterBotRestart(t *testing.T) {
	e := prosody(t)
	room := e.newRoomJID("replay")
	alice := connect(t, e, "alice")
	alice.createRoom(room, "alice", "anyone")
	kv := newMemKV()
	first := startBot(t, e, botOptions{rooms: []string{room}, kv: kv})
	alice.waitPresence(30*time.Second, "the bot joining", botPresent(room))
	alice.ask(room, "!echo one", "echo: one", 10*time.Second)
	first.stop(t)
	alice.waitPresence(10*time.Second, "the bot leaving", func(p pres) bool {
		return p.From == room+"/folkmoot" && p.Type == "unavailable"
	})

	alice.say(room, "!echo stale")
	alice.waitMessage(10*time.Second, "own message reflected (now in the room's history)", func(m chat) bool {
		return m.From == room+"/alice" && m.Body == "!echo stale"
	})

	startBot(t, e, botOptions{rooms: []string{room}, kv: kv})
	alice.waitPresence(30*time.Second, "the bot joining again", botPresent(room))
	alice.say(room, "!echo fresh")
	alice.waitMessage(10*time.Second, "the answer to the fresh command", func(m chat) bool {
		if m.From == room+"/folkmoot" && strings.Contains(m.Body, "stale") {
			t.Fatalf("the bot ran a command from before its restart: %q", m.Body)
		}
		return fromBot(room, "echo: fresh")(m)
	})
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

	bob.send("<presence to='" + room + "/robert'/>")
	bob.waitPresence(10*time.Second, "own nick change", func(p pres) bool { return p.From == room+"/robert" && p.Type == "" })
	bob.ask(room, "!whoami", "you are bob@localhost (robert)", 10*time.Second)

	if !b.sees(room, "robert", "bob@localhost") || b.sees(room, "bob", "bob@localhost") {
		t.Fatal("the occupant list should have moved bob to robert")
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
	bob.send("<message to='folkmoot@localhost'><x xmlns='jabber:x:conference' jid='" + e.newRoomJID("ignored") + "'/></message>")
	alice.send("<message to='" + mediated + "'><x xmlns='http://jabber.org/protocol/muc#user'><invite to='folkmoot@localhost'/></x></message>")
	alice.send("<message to='folkmoot@localhost'><x xmlns='jabber:x:conference' jid='" + direct + "'/></message>")
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
