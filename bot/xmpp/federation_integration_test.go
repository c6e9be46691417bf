package xmpp_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/app"
	"folkmoot/app/cli"
	"folkmoot/bot/matrix/matrixtest"
	"folkmoot/bot/xmpp"
	"folkmoot/config"
)

// Councils across networks (issue 24): one folkmoot process, wired as production wires it
// (cli.AddNetworks), sits in an XMPP room on the test Prosody (the assembly) and in an
// encrypted Matrix room on the test Dendrite (the council), with real clients on both sides.
// It lives with the XMPP adapter's tests because their XMPP clients are test files of this
// package; the Matrix clients come from matrixtest.

// zoe is bob's nick in the assembly: a member's name crosses the link as text, like their
// words. (Prosody refuses an emoji in a nick: "must pass strict validation".)
const zoe = "Zoë"

// federation is the two rooms, their people and the bot.
type federation struct {
	muc               string // the assembly
	alice, bob, carol *xmpp.Person
	council           id.RoomID
	bot               id.UserID
	ana, cy           *matrixtest.Person // ana created the council: a facilitator there
}

// startFederation starts folkmoot with a matrix: and an xmpp: section on a fresh data dir, in
// a room alice owns with bob and carol, and in an encrypted room ana creates with cy.
func startFederation(t *testing.T) *federation {
	t.Helper()
	prosody, dendrite := xmpp.ProsodyServer(t), matrixtest.Dendrite(t)
	f := &federation{muc: prosody.NewRoomJID("assembly")}
	f.alice = prosody.Connect(t, "alice")
	f.alice.CreateRoom(f.muc, "alice", "anyone")
	f.bob = prosody.Connect(t, "bob")
	f.bob.Join(f.muc, zoe) // what crosses names him by his nick
	f.carol = prosody.Connect(t, "carol")
	f.carol.Join(f.muc, "carol")

	user, pass := dendrite.Register(t, "folkmoot")
	f.bot = id.UserID(user)
	raw := fmt.Sprintf("data_dir: %q\nlimits: {command_burst: 1000}\n"+
		"matrix:\n  homeserver: %q\n  user_id: %q\n  device_name: folkmoot test\n  encryption: true\n  autojoin_from: [\"@*:%s\"]\n"+
		"xmpp:\n  jid: %q\n  server: %q\n  tls: none\n  rooms:\n    - jid: %q\n",
		t.TempDir(), dendrite.URL, user, dendrite.ServerName, prosody.JID(botAccount), prosody.Addr(), f.muc)
	secrets := map[string]string{"FOLKMOOT_MATRIX_PASSWORD": pass, "FOLKMOOT_PICKLE_KEY": "test pickle key",
		"FOLKMOOT_XMPP_PASSWORD": prosody.Password()}
	cfg, err := config.Parse([]byte(raw), func(k string) string { return secrets[k] })
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.New(ctx, cfg, matrixtest.Logger(t, nil), time.Now)
	if err != nil {
		cancel()
		t.Fatalf("app.New: %v", err)
	}
	if err := cli.AddNetworks(ctx, a); err != nil {
		cancel()
		_ = a.Close()
		t.Fatalf("networks: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("folkmoot.Run: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("folkmoot did not stop within 30 s")
		}
		if err := a.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	f.alice.WaitBot(f.muc, false, 30*time.Second)

	// The Matrix people connect after the adapter started (see matrixtest.Person).
	f.ana, f.cy = dendrite.Connect(t, "ana"), dendrite.Connect(t, "cy")
	f.council = f.ana.CreateRoom(true, f.bot, f.cy.ID())
	f.cy.Join(f.council)
	f.ana.WaitJoined(f.council, f.bot)
	f.ana.WaitJoined(f.council, f.cy.ID())
	f.cy.WaitJoined(f.council, f.bot)
	return f
}

// inAssembly waits until the bot has said, in the assembly, a message containing every want
// (bob's client is the witness; earlier messages count too, so nothing is lost to order).
func (f *federation) inAssembly(t *testing.T, want ...string) string {
	t.Helper()
	deadline := time.NewTimer(30 * time.Second)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		said := f.bob.FromBot(f.muc)
		if i := slices.IndexFunc(said, func(body string) bool { return containsAll(body, want) }); i >= 0 {
			t.Logf("assembly: %s", said[i])
			return said[i]
		}
		select {
		case <-deadline.C:
			t.Fatalf("the bot did not say %q in the assembly; it said:\n%s", want, strings.Join(said, "\n"))
		case <-tick.C:
		}
	}
}

// inCouncil waits until the bot has said, in the council, a message containing every want,
// as cy's client decrypted it.
func (f *federation) inCouncil(t *testing.T, want ...string) *event.MessageEventContent {
	t.Helper()
	evt := f.cy.WaitEvent(t, 60*time.Second, fmt.Sprintf("the bot saying %q in the council", want), func(evt *event.Event) bool {
		c, ok := evt.Content.Parsed.(*event.MessageEventContent)
		return ok && evt.Sender == f.bot && evt.RoomID == f.council && containsAll(c.Body, want)
	})
	if evt.Mautrix.EventSource&event.SourceDecrypted == 0 {
		t.Errorf("the council's message %q was not encrypted", want)
	}
	c := evt.Content.AsMessage()
	t.Logf("council: %s", c.Body)
	inert(t, c)
	return c
}

// askCouncil says text as p in the council and returns the bot's answer to it.
func (f *federation) askCouncil(t *testing.T, p *matrixtest.Person, text string, want ...string) string {
	t.Helper()
	c := p.ReplyTo(t, f.bot, p.Say(t, f.council, text)).Content.AsMessage()
	inert(t, c)
	got := c.Body
	if !containsAll(got, want) {
		t.Fatalf("%q in the council answered %q, want it to contain %q", text, got, want)
	}
	t.Logf("council: %s\n-> %s", text, got)
	return got
}

// inert fails unless the members' words in c are its text and, in its HTML, escaped text:
// "<b>x</b>" must never become bold.
func inert(t *testing.T, c *event.MessageEventContent) {
	t.Helper()
	if strings.Contains(c.Body, "<b>x</b>") && c.Format == event.FormatHTML &&
		(strings.Contains(c.FormattedBody, "<b>x</b>") || !strings.Contains(c.FormattedBody, "&lt;b&gt;x&lt;/b&gt;")) {
		t.Errorf("a member's words became markup in the council: %q", c.FormattedBody)
	}
}

func containsAll(s string, want []string) bool {
	for _, w := range want {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

func TestIntegrationCouncilAcrossNetworks(t *testing.T) {
	start := time.Now()
	f := startFederation(t)
	council := f.council.String()
	// Members speak first: folkmoot links and counts only rooms and members it has heard. Its
	// answer to bob, after the others' lines, shows it has heard them all.
	f.alice.Say(t, f.muc, "hello")
	f.carol.Say(t, f.muc, "hello")
	f.bob.Say(t, f.muc, "!council")
	f.inAssembly(t, "This room has no council links.")

	// 1. The council invites the XMPP room, the XMPP room accepts, and both list the link.
	f.askCouncil(t, f.ana, "!council invite "+f.muc, f.muc+" is invited to be an assembly of this council")
	f.inAssembly(t, "The council "+council+" invites this assembly", "!council join")
	f.alice.Say(t, f.muc, "!council join "+council)
	f.inAssembly(t, "This room is now an assembly of the council "+council)
	f.inCouncil(t, f.muc+" accepted: it is now an assembly of this council.")
	f.askCouncil(t, f.cy, "!council", "• assembly: "+f.muc)
	f.bob.Say(t, f.muc, "!council")
	f.inAssembly(t, "Council links of this room:", "• council: "+council)

	// 2 and 4. A vote of the assembly, closed now by its opener: its decision reaches the
	// council naming the assembly, and the members' words cross as text, never as markup.
	question := "Zoë 🌻 asks: paint the door <b>x</b> green?"
	f.alice.Say(t, f.muc, `!vote new "`+question+`" --closes in 1h`)
	f.inAssembly(t, "Vote #1")
	f.alice.Say(t, f.muc, "!agree")
	f.bob.Say(t, f.muc, "!block رێزان says <b>x</b> clashes with the street")
	f.alice.Say(t, f.muc, "!vote close 1")
	f.inAssembly(t, question, "is closed")
	decision := f.inCouncil(t, "From the assembly "+f.muc+":", question, zoe+": “رێزان says <b>x</b> clashes with the street”")
	if decision.Format != event.FormatHTML {
		t.Errorf("the decision came without HTML, so nothing shows it is escaped: %+v", decision)
	}

	// A vote of assemblies: the Matrix council asks, the XMPP assembly decides in its own room
	// under its own rules, and its block blocks the council's consensus.
	f.askCouncil(t, f.ana, `!vote new "Share the <b>tools</b>?" --assemblies --closes in 1h`, "A vote of assemblies: "+f.muc)
	f.inAssembly(t, "The council "+council+" asks every assembly this question (its vote #1)", "Vote #2", "Share the <b>tools</b>?")
	f.alice.Say(t, f.muc, "!agree 2")
	f.bob.Say(t, f.muc, "!block 2 the shed is too small")
	f.alice.Say(t, f.muc, "!vote close 2")
	f.inAssembly(t, "Vote #2", "is closed: BLOCKED")
	f.askCouncil(t, f.ana, "!vote close 1", "“Share the <b>tools</b>?” is closed: BLOCKED", "• "+f.muc+": BLOCKED", zoe+": the shed is too small")

	// 3. A delegate's mandate toward the council, listed there, and recalled by the assembly:
	// the council is told at once and its list is empty again.
	f.alice.Say(t, f.muc, "!mandate bob@localhost --to "+council+" speak for رێزان street on the <b>x</b> plan for 3 months")
	f.inAssembly(t, "Mandate #1", zoe+" speaks for this assembly in the council "+council)
	f.inCouncil(t, "From the assembly "+f.muc+": "+zoe+" is its delegate to this council", "speak for رێزان street on the <b>x</b> plan")
	f.askCouncil(t, f.cy, "!delegates", "• "+zoe+" for "+f.muc, "speak for رێزان street on the <b>x</b> plan")
	f.carol.Say(t, f.muc, "!recall 1 he agreed to the landfill")
	f.inAssembly(t, "Vote #3", "asks to recall the mandate #1 of "+zoe)
	f.alice.Say(t, f.muc, "!yes")
	f.carol.Say(t, f.muc, "!yes")
	f.alice.Say(t, f.muc, "!vote close 3")
	f.inAssembly(t, "The mandate #1 of "+zoe, "is recalled")
	f.inCouncil(t, "From the assembly "+f.muc+": "+zoe+" no longer speaks for it in this council", "recalled by vote #3")
	f.askCouncil(t, f.cy, "!delegates", "No one holds a delegate's mandate toward this council.")
	t.Logf("the cycle across Prosody and Dendrite took %v", time.Since(start).Round(time.Millisecond))
}
