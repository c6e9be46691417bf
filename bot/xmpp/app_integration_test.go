package xmpp_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/bot/xmpp"
	"folkmoot/config"
	"folkmoot/conformance"
)

// These tests run the real folkmoot (store, scheduler, commands) on the test Prosody, with
// people talking to it through real XMPP clients.

// botAccount is the bot's login; its nick in every room is "folkmoot", which the helpers expect.
const botAccount = "folkmoot2"

// folkmoot is one running bot built by app.New.
type folkmoot struct {
	app    *app.App
	tr     *xmpp.Transport
	cancel context.CancelFunc
	done   chan error
}

// roomWithBot makes a room owned by alice (whois "anyone": non-anonymous, or "moderators":
// semi-anonymous) and starts folkmoot in it on a fresh data dir, waiting until it has joined.
// With a capture, folkmoot's whole log (debug included) is copied there.
func roomWithBot(t *testing.T, srv xmpp.Server, name, whois string, capture ...io.Writer) (string, *xmpp.Person) {
	t.Helper()
	room := srv.NewRoomJID(name)
	alice := srv.Connect(t, "alice")
	alice.CreateRoom(room, "alice", whois)
	startFolkmoot(t, srv, t.TempDir(), room, capture...)
	alice.WaitBot(room, false, 30*time.Second)
	return room, alice
}

// startFolkmoot builds folkmoot from a YAML config (the password from the environment, as in
// production) on dataDir, joined to room, and runs it until stopped or the test ends. With a
// capture, its whole log (debug included) is copied there.
func startFolkmoot(t *testing.T, srv xmpp.Server, dataDir, room string, capture ...io.Writer) *folkmoot {
	t.Helper()
	// The scripted conversations speak faster than people: the flood limit has tests of its own.
	raw := fmt.Sprintf("data_dir: %q\nlimits: {command_burst: 1000}\nxmpp:\n  jid: %q\n  server: %q\n  tls: none\n  rooms:\n    - jid: %q\n",
		dataDir, srv.JID(botAccount), srv.Addr(), room)
	cfg, err := config.Parse([]byte(raw), func(k string) string {
		if k == "FOLKMOOT_XMPP_PASSWORD" {
			return srv.Password()
		}
		return ""
	})
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	log := xmpp.Logger(t, capture...)
	a, err := app.New(context.Background(), cfg, log, time.Now)
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	tr, err := xmpp.New(cfg.XMPP, a.DB, log.With().Str("protocol", "xmpp").Logger(), a.Now)
	if err != nil {
		t.Fatalf("xmpp.New: %v", err)
	}
	a.Add(tr)
	ctx, cancel := context.WithCancel(context.Background())
	f := &folkmoot{app: a, tr: tr, cancel: cancel, done: make(chan error, 1)}
	go func() { f.done <- a.Run(ctx) }()
	t.Cleanup(func() { f.stop(t) })
	return f
}

// stop ends Run and closes the database, so another folkmoot may open the same data_dir.
func (f *folkmoot) stop(t *testing.T) {
	t.Helper()
	if f.cancel == nil {
		return
	}
	f.cancel()
	f.cancel = nil
	select {
	case err := <-f.done:
		if err != nil {
			t.Errorf("folkmoot.Run: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("folkmoot did not stop within 20 s")
	}
	if err := f.app.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
}

// driver plays the conformance conversations in one room: bob is an ordinary member, alice
// the room's owner (an XMPP room admin).
type driver struct {
	room          string
	member, admin *xmpp.Person
}

func (d driver) Say(t *testing.T, as conformance.Speaker, text string) string {
	t.Helper()
	p := d.member
	if as == conformance.Admin {
		p = d.admin
	}
	p.Say(t, d.room, text)
	got := p.NextFromBot(t, d.room, 15*time.Second, nil)
	t.Logf("%s\n-> %s", text, got)
	return got
}

func TestIntegrationConformance(t *testing.T) {
	srv := xmpp.ProsodyServer(t)
	room := srv.NewRoomJID("conformance")
	alice := srv.Connect(t, "alice")
	alice.CreateRoom(room, "alice", "anyone")
	bob := srv.Connect(t, "bob")
	bob.Join(room, "bob")
	startFolkmoot(t, srv, t.TempDir(), room)
	alice.WaitBot(room, false, 30*time.Second)

	conformance.Run(t, driver{room: room, member: bob, admin: alice})
}

// A nick change keeps the member: !whoami shows the same bare JID under the new name.
func TestIntegrationAppWhoamiAfterNickChange(t *testing.T) {
	srv := xmpp.ProsodyServer(t)
	room, _ := roomWithBot(t, srv, "whoami", "anyone")

	bob := srv.Connect(t, "bob")
	bob.Join(room, "bob")
	bob.Ask(t, room, "!whoami", "You are bob@localhost")
	bob.ChangeNick(room, "robert")
	got := bob.Ask(t, room, "!whoami", "You are bob@localhost", "shown as robert")
	if strings.Contains(got, "conference") {
		t.Fatalf("the ID must be the bare JID, not the occupant address: %q", got)
	}
}

// In a semi-anonymous room where the bot is not moderator, members may talk, but commands
// that need an identity are refused with the reason (once in full, then briefly).
func TestIntegrationAppSemiAnonymousRefusal(t *testing.T) {
	srv := xmpp.ProsodyServer(t)
	room, _ := roomWithBot(t, srv, "semianon", "moderators")

	bob := srv.Connect(t, "bob")
	bob.Join(room, "bob")
	bob.Ask(t, room, "!whoami", "can't see your real address")
	bob.Ask(t, room, "!help", "folkmoot commands") // talking is fine
	tests := []struct{ say, want string }{
		{"!join", "I can't see your real address in this room, so you can talk but not vote, hold a role"},
		{"!join", "can't see your real address"},
	}
	for _, tc := range tests {
		got := bob.Ask(t, room, tc.say, tc.want)
		if !strings.HasPrefix(got, "bob") {
			t.Errorf("%q: the refusal should address bob by nick: %q", tc.say, got)
		}
	}
}

// A command said while folkmoot was down is answered once by the next folkmoot on the same
// data_dir, and its effect is kept.
func TestIntegrationAppCatchUpAfterRestart(t *testing.T) {
	srv := xmpp.ProsodyServer(t)
	room := srv.NewRoomJID("apprestart")
	dir := t.TempDir()
	alice := srv.Connect(t, "alice")
	alice.CreateRoom(room, "alice", "anyone")
	first := startFolkmoot(t, srv, dir, room)
	alice.WaitBot(room, false, 30*time.Second)
	alice.Ask(t, room, "!tz Europe/Lisbon", "now Europe/Lisbon")
	first.stop(t)
	alice.WaitBot(room, true, 10*time.Second)

	alice.Say(t, room, "!tz Asia/Tokyo") // said while the bot is away

	second := startFolkmoot(t, srv, dir, room)
	alice.WaitBot(room, false, 30*time.Second)
	if got := alice.NextFromBot(t, room, 30*time.Second, nil); !strings.Contains(got, "Asia/Tokyo") {
		t.Fatalf("first words of the restarted bot: %q, want the answer to the command it missed", got)
	}
	if got := alice.Ask(t, room, "!status"); !strings.Contains(got, "Timezone Asia/Tokyo") {
		t.Fatalf("!status after the restart: %q, want the timezone set while the bot was away", got)
	}
	second.stop(t)
	third := startFolkmoot(t, srv, dir, room)
	alice.WaitBot(room, false, 30*time.Second)
	alice.Ask(t, room, "!status", "Timezone Asia/Tokyo")
	third.stop(t)
	if n := alice.CountFromBot(room, "now Asia/Tokyo"); n != 1 {
		t.Fatalf("the missed command was answered %d times, want once", n)
	}
}

// The bot answers and is stopped at once (as by SIGTERM), twenty times over: no answer is
// posted twice by the next folkmoot on the same data_dir, whose outbox would hold a reply
// whose delivery the stop left unconfirmed.
func TestIntegrationAppRestartExactlyOnce(t *testing.T) {
	srv := xmpp.ProsodyServer(t)
	room := srv.NewRoomJID("apponce")
	dir := t.TempDir()
	alice := srv.Connect(t, "alice")
	alice.CreateRoom(room, "alice", "anyone")
	const runs = 20
	for range runs {
		f := startFolkmoot(t, srv, dir, room)
		alice.WaitBot(room, false, 30*time.Second)
		alice.Ask(t, room, "!whoami", "You are alice@localhost")
		f.stop(t)
		alice.WaitBot(room, true, 10*time.Second)
	}
	last := startFolkmoot(t, srv, dir, room)
	alice.WaitBot(room, false, 30*time.Second)
	alice.Ask(t, room, "!status", "Status of this room")
	last.stop(t)
	if n := alice.CountFromBot(room, "You are alice@localhost"); n != runs {
		t.Fatalf("%d answers to %d commands", n, runs)
	}
}

// Issue 9 on XMPP, through the real core: a person's text quoted in a reply arrives literally
// with <unstyled/>; the bot's own lists carry styling without it.
func TestIntegrationAppStyling(t *testing.T) {
	srv := xmpp.ProsodyServer(t)
	room, alice := roomWithBot(t, srv, "appstyle", "anyone")

	quoted := "<b>x</b> **x** *x* `x`"
	body, unstyled := alice.AskStyled(t, room, `!vote new "`+quoted+`" --closes in 2 hours`)
	if !strings.Contains(body, quoted) || !unstyled {
		t.Fatalf("vote title %q: body %q, unstyled %v; want it literal with <unstyled/>", quoted, body, unstyled)
	}
	body, unstyled = alice.AskStyled(t, room, "!help all")
	if !strings.Contains(body, "*folkmoot commands*") || !strings.Contains(body, "*Basics:*") || !strings.Contains(body, "`!help [all|section|command]`") || unstyled {
		t.Fatalf("!help must arrive styled (bold sections, commands as code) without <unstyled/>: unstyled %v, body %q", unstyled, body)
	}
}

// Issue 11: Prosody's default room hides real JIDs from non-moderators. Once the owner makes
// it non-anonymous, the room says so (status 172) and the member's next command works at
// once, without a new presence from them.
func TestIntegrationAppRoomBecomesNonAnonymous(t *testing.T) {
	srv := xmpp.ProsodyServer(t)
	room, alice := roomWithBot(t, srv, "whois", "moderators")
	bob := srv.Connect(t, "bob")
	bob.Join(room, "bob")
	bob.Ask(t, room, "!whoami", "I can't see your real address")

	alice.SetWhois(room, "anyone")
	bob.Ask(t, room, "!whoami", "You are bob@localhost")
	bob.Ask(t, room, "!join", "bob")
}

// Issue 11: the room's owner is a room admin from their affiliation, even where the bot is
// no moderator and cannot see real JIDs: they may !rotate.
func TestIntegrationAppOwnerRotatesInSemiAnonymousRoom(t *testing.T) {
	srv := xmpp.ProsodyServer(t)
	room, alice := roomWithBot(t, srv, "ownerrotate", "moderators")

	got := alice.Ask(t, room, "!rotate")
	if strings.Contains(got, "Only ") || strings.Contains(got, "can't see your real address") {
		t.Fatalf("the owner was refused !rotate: %q", got)
	}
}
