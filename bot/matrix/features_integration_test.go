package matrix_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/app"
	"folkmoot/bot"
	"folkmoot/bot/matrix"
	"folkmoot/config"
)

// Helpers of the feature tests (rounds, meetings, tasks): a folkmoot that can be stopped and
// started again on the same account and data dir, and waits for the bot's notices.

// install is one folkmoot's account and data dir: every start runs the real core on them,
// as a restarted deployment does.
type install struct {
	srv        matrix.Server
	user, pass string
	dataDir    string
}

// newInstall registers folkmoot's account and makes its data dir.
func newInstall(t *testing.T, srv matrix.Server) *install {
	t.Helper()
	user, pass := srv.Register(t, "folkmoot")
	return &install{srv: srv, user: user, pass: pass, dataDir: t.TempDir()}
}

// running is a started folkmoot whose stop may be called before the test ends; the cleanup
// then stops it only if the test did not.
type running struct {
	*folkmoot
	once sync.Once
}

// stop stops folkmoot once, however often it is called.
func (r *running) stop(t *testing.T) { r.once.Do(func() { r.folkmoot.stop(t) }) }

// start runs folkmoot on the install's account and data dir until stopped or the test ends,
// configured as startFolkmoot does (encryption on, invites accepted from the test server).
func (in *install) start(t *testing.T, capture io.Writer) *running {
	t.Helper()
	raw := fmt.Sprintf("data_dir: %q\nmatrix:\n  homeserver: %q\n  user_id: %q\n  device_name: folkmoot test\n"+
		"  encryption: true\n  autojoin_from: [\"@*:%s\"]\n", in.dataDir, in.srv.URL, in.user, id.UserID(in.user).Homeserver())
	env := map[string]string{"FOLKMOOT_MATRIX_PASSWORD": in.pass, "FOLKMOOT_PICKLE_KEY": "test pickle key"}
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
	f := &folkmoot{app: a, user: id.UserID(in.user), cancel: cancel, done: make(chan error, 1)}
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
	r := &running{folkmoot: f}
	t.Cleanup(func() { r.stop(t) })
	return r
}

// botSays waits up to timeout for a message of the bot in the assembly's room, as p's client
// received it, whose body contains every part; it must be encrypted.
func (as assembly) botSays(t *testing.T, p *matrix.Person, timeout time.Duration, parts ...string) *event.MessageEventContent {
	t.Helper()
	return as.botMessage(t, p, timeout, fmt.Sprintf("the bot to say %q", parts), func(c *event.MessageEventContent) bool {
		for _, s := range parts {
			if !strings.Contains(c.Body, s) {
				return false
			}
		}
		return true
	})
}

// botMessage waits up to timeout for the first message of the bot in the assembly's room,
// as p's client received it, that matches; it must be encrypted.
func (as assembly) botMessage(t *testing.T, p *matrix.Person, timeout time.Duration, what string, match func(*event.MessageEventContent) bool) *event.MessageEventContent {
	t.Helper()
	evt := p.WaitEvent(t, timeout, what, func(evt *event.Event) bool {
		return evt.RoomID == as.room && evt.Sender == as.bot && evt.Type == event.EventMessage && match(evt.Content.AsMessage())
	})
	if evt.Mautrix.EventSource&event.SourceDecrypted == 0 {
		t.Errorf("%s: the message was not encrypted", what)
	}
	c := evt.Content.AsMessage()
	t.Logf("bot (%s): %s", c.MsgType, c.Body)
	return c
}

// notice is botSays for an automated message: it must be an m.notice.
func (as assembly) notice(t *testing.T, p *matrix.Person, timeout time.Duration, parts ...string) *event.MessageEventContent {
	t.Helper()
	c := as.botSays(t, p, timeout, parts...)
	if c.MsgType != event.MsgNotice {
		t.Errorf("%q came as %s, want m.notice:\n%s", parts, c.MsgType, c.Body)
	}
	return c
}

// checkMentions asserts that a message mentions who: in m.mentions, and as a pill (a
// matrix.to link) in its formatted_body.
func checkMentions(t *testing.T, what string, c *event.MessageEventContent, who id.UserID) {
	t.Helper()
	if c.Mentions == nil || !c.Mentions.Has(who) {
		t.Errorf("%s: m.mentions %+v does not name %s", what, c.Mentions, who)
	}
	if pill := who.URI().MatrixToURL(); !strings.Contains(c.FormattedBody, `href="`+pill+`"`) {
		t.Errorf("%s: formatted_body has no pill for %s (%s):\n%s", what, who, pill, c.FormattedBody)
	}
}

// waitDelivered waits until folkmoot's outbox holds nothing more to send, retries included.
func waitDelivered(t *testing.T, f *running) {
	t.Helper()
	matrix.WaitFor(t, 15*time.Second, "folkmoot's outbox to be empty", func() bool {
		q, err := f.db.Pending(context.Background(), bot.Matrix, time.Now().Add(time.Hour), 1)
		if err != nil {
			t.Fatal(err)
		}
		return len(q) == 0
	})
}
