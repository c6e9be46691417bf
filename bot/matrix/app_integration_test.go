package matrix_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/app"
	"folkmoot/bot"
	"folkmoot/bot/matrix"
	"folkmoot/config"
	"folkmoot/conformance"
	"folkmoot/store"
)

// These tests run the real folkmoot (store, scheduler, commands) on the test Dendrite, with
// people talking to it through real Matrix clients in encrypted rooms.

// folkmoot is one running bot built by app.New, with the Matrix transport from the config.
type folkmoot struct {
	app *app.App
	// db is folkmoot's database (the app's): the transport's KV, as in production, and what
	// tests read the store through.
	db     *store.DB
	tr     *matrix.Transport
	user   id.UserID
	cancel context.CancelFunc
	done   chan error
}

// startFolkmoot builds folkmoot from a YAML config (password and pickle key from the
// environment, as in production) on a fresh data_dir and runs it until the test ends. It
// accepts invites from anyone on the test server. With capture, its whole log (debug
// included) is copied there. It uses only app.New, Add, Run and Close of the app.
func startFolkmoot(t *testing.T, srv matrix.Server, capture io.Writer) *folkmoot {
	t.Helper()
	user, pass := srv.Register(t, "folkmoot")
	dataDir := t.TempDir()
	// The scripted conversations speak faster than people: the flood limit has tests of its own.
	raw := fmt.Sprintf("data_dir: %q\nlimits: {command_burst: 1000}\nmatrix:\n  homeserver: %q\n  user_id: %q\n  device_name: folkmoot test\n"+
		"  encryption: true\n  autojoin_from: [\"@*:%s\"]\n", dataDir, srv.URL, user, id.UserID(user).Homeserver())
	env := map[string]string{"FOLKMOOT_MATRIX_PASSWORD": pass, "FOLKMOOT_PICKLE_KEY": "test pickle key"}
	cfg, err := config.Parse([]byte(raw), func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	log := matrix.Logger(t, capture)
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.New(ctx, cfg, log, time.Now)
	if err != nil {
		cancel()
		t.Fatalf("app.New: %v", err)
	}
	f := &folkmoot{app: a, user: id.UserID(user), cancel: cancel, done: make(chan error, 1)}
	// The transport shares the app's store, as in production (app/cli AddNetworks).
	f.db = a.DB
	f.tr, err = matrix.New(cfg.Matrix, a.DB.Path(), a.DB, log.With().Str("protocol", "matrix").Logger(), time.Now)
	if err != nil {
		cancel()
		f.close(t)
		t.Fatalf("the Matrix transport: %v", err)
	}
	a.Add(f.tr)
	go func() { f.done <- a.Run(ctx) }()
	t.Cleanup(func() { f.stop(t) })
	return f
}

// stop ends Run, then closes everything.
func (f *folkmoot) stop(t *testing.T) {
	f.cancel()
	select {
	case err := <-f.done:
		if err != nil {
			t.Errorf("folkmoot.Run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("folkmoot did not stop within 30 s")
	}
	f.close(t)
}

// close closes the transport and the databases that were opened.
func (f *folkmoot) close(t *testing.T) {
	if f.tr != nil {
		if err := f.tr.Close(); err != nil {
			t.Errorf("close the transport: %v", err)
		}
	}
	if err := f.app.Close(); err != nil {
		t.Errorf("close the app: %v", err)
	}
}

// assembly is an encrypted room created by admin (power level 100) with folkmoot and an
// ordinary member (power level 0) in it, everyone having seen everyone join, so every
// message is encrypted for every device.
type assembly struct {
	room          id.RoomID
	bot           id.UserID
	admin, member *matrix.Person
}

func newAssembly(t *testing.T, srv matrix.Server, f *folkmoot) assembly {
	t.Helper()
	admin := srv.Connect(t, "admin")
	member := srv.Connect(t, "member")
	room := admin.CreateRoom(true, f.user, member.ID())
	member.Join(room)
	admin.WaitJoined(room, f.user)
	admin.WaitJoined(room, member.ID())
	member.WaitJoined(room, f.user)
	return assembly{room: room, bot: f.user, admin: admin, member: member}
}

// ask says text as p and returns the body of the bot's reply to it.
func (as assembly) ask(t *testing.T, p *matrix.Person, text string) string {
	t.Helper()
	return as.answer(t, p, text).Body
}

// answer says text as p and returns the bot's reply to it, which must be encrypted.
func (as assembly) answer(t *testing.T, p *matrix.Person, text string) *event.MessageEventContent {
	t.Helper()
	evt := p.ReplyTo(t, as.bot, p.Say(t, as.room, text))
	if evt.Mautrix.EventSource&event.SourceDecrypted == 0 {
		t.Errorf("the answer to %q was not encrypted", text)
	}
	content := evt.Content.AsMessage()
	t.Logf("%s: %s\n-> %s", p.ID(), text, content.Body)
	return content
}

// driver plays the conformance conversations as the assembly's member and admin.
type driver struct{ as assembly }

func (d driver) Say(t *testing.T, who conformance.Speaker, text string) string {
	t.Helper()
	p := d.as.member
	if who == conformance.Admin {
		p = d.as.admin
	}
	return d.as.ask(t, p, text)
}

func TestIntegrationConformance(t *testing.T) {
	srv := matrix.DendriteServer(t)
	f := startFolkmoot(t, srv, nil)
	as := newAssembly(t, srv, f)
	conformance.Run(t, driver{as: as})
}

// mustContain fails unless got contains every want.
func mustContain(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Fatalf("%s:\n%s\nwant it to contain %q", what, got, w)
		}
	}
}

// botRoom is the assembly's room as the core names it.
func (as assembly) botRoom() bot.Room { return bot.Room{Protocol: bot.Matrix, ID: as.room.String()} }
