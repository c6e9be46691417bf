package xmpp

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	goxmpp "github.com/xmppo/go-xmpp"

	"folkmoot/bot"
	"folkmoot/config"
)

// prosodyEnv is the test server written by scripts/prosody.sh into prosody.env.
type prosodyEnv struct {
	addr, tlsAddr, domain, muc, http, password, script string
}

// prosody returns the test server, skipping (or failing under FOLKMOOT_REQUIRE_SERVERS=1)
// when scripts/prosody.sh has not been started.
func prosody(t *testing.T) prosodyEnv {
	t.Helper()
	e := prosodyEnv{
		addr:     os.Getenv("FOLKMOOT_TEST_PROSODY_ADDR"),
		tlsAddr:  os.Getenv("FOLKMOOT_TEST_PROSODY_TLS_ADDR"),
		domain:   os.Getenv("FOLKMOOT_TEST_PROSODY_DOMAIN"),
		muc:      os.Getenv("FOLKMOOT_TEST_PROSODY_MUC"),
		http:     os.Getenv("FOLKMOOT_TEST_PROSODY_HTTP"),
		password: os.Getenv("FOLKMOOT_TEST_PROSODY_PASSWORD"),
		script:   os.Getenv("FOLKMOOT_TEST_PROSODY_SCRIPT"),
	}
	if e.addr == "" {
		if os.Getenv("FOLKMOOT_REQUIRE_SERVERS") == "1" {
			t.Fatal("FOLKMOOT_TEST_PROSODY_ADDR is not set: run scripts/prosody.sh start and source its env file")
		}
		t.Skip("no Prosody: run scripts/prosody.sh start and source ${FOLKMOOT_TESTENV:-/tmp/folkmoot-testenv}/prosody.env")
	}
	return e
}

func (e prosodyEnv) jid(user string) string { return user + "@" + e.domain }

// newRoomJID makes a fresh room name so tests never see each other's rooms.
func (e prosodyEnv) newRoomJID(prefix string) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return prefix + "-" + hex.EncodeToString(b[:]) + "@" + e.muc
}

// ctl runs the script with a command such as restart, freeze or thaw.
func (e prosodyEnv) ctl(t *testing.T, cmd string) {
	t.Helper()
	c := exec.Command(e.script, cmd)
	// Act on the server the env file describes ($FOLKMOOT_TESTENV/prosody/prosody.pid), even
	// when go test did not inherit FOLKMOOT_TESTENV: never on another run's Prosody.
	if pid := os.Getenv("FOLKMOOT_TEST_PROSODY_PIDFILE"); pid != "" {
		c.Env = append(os.Environ(), "FOLKMOOT_TESTENV="+filepath.Dir(filepath.Dir(pid)))
	}
	out, err := c.CombinedOutput()
	if err != nil {
		t.Fatalf("prosody.sh %s: %v\n%s", cmd, err, out)
	}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline.C:
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		case <-tick.C:
		}
	}
}

// testLog writes the transport's log into the test output and goes quiet once the test
// has ended (background goroutines may still log while a connection closes).
func testLog(t *testing.T) zerolog.Logger {
	w := &quietWriter{t: t}
	t.Cleanup(w.stop)
	return zerolog.New(zerolog.ConsoleWriter{Out: w, NoColor: true, TimeFormat: "15:04:05.000"}).
		Level(zerolog.DebugLevel).With().Timestamp().Logger()
}

type quietWriter struct {
	mu   sync.Mutex
	t    *testing.T
	done bool
}

func (w *quietWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

func (w *quietWriter) stop() {
	w.mu.Lock()
	w.done = true
	w.mu.Unlock()
}

// memKV is an in-memory bot.KV.
type memKV struct {
	mu sync.Mutex
	m  map[string]map[string]string
}

func newMemKV() *memKV { return &memKV{m: map[string]map[string]string{}} }

func (k *memKV) Get(_ context.Context, ns, key string) (string, bool, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.m[ns][key]
	return v, ok, nil
}

func (k *memKV) Set(_ context.Context, ns, key, value string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m[ns] == nil {
		k.m[ns] = map[string]string{}
	}
	k.m[ns][key] = value
	return nil
}

func (k *memKV) Delete(_ context.Context, ns, key string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m[ns], key)
	return nil
}

func (k *memKV) List(_ context.Context, ns string) (map[string]string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	out := map[string]string{}
	for key, v := range k.m[ns] {
		out[key] = v
	}
	return out, nil
}

// testHandler is the stand-in for the real command engine: a few commands that expose
// what the adapter gives the core. Tests take the handler as a parameter so the real app
// handler can replace it.
func testHandler() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, tr bot.Transport, msg bot.Message) []bot.Reply {
		cmd, arg, _ := strings.Cut(strings.TrimSpace(msg.Text), " ")
		switch cmd {
		case "!help":
			return []bot.Reply{bot.Text("folkmoot commands: *!help*, !whoami, !admin, !echo TEXT")}
		case "!whoami":
			if msg.Sender.Anonymous {
				return []bot.Reply{bot.Text("anonymous " + msg.Sender.ID + " (" + msg.Sender.Name + ")")}
			}
			return []bot.Reply{bot.Text("you are " + msg.Sender.ID + " (" + msg.Sender.Name + ")")}
		case "!admin":
			ok, err := tr.(bot.AdminChecker).IsRoomAdmin(ctx, msg.Room, msg.Sender)
			if err != nil {
				return []bot.Reply{bot.Text("admin check failed")}
			}
			return []bot.Reply{bot.Text(fmt.Sprintf("admin: %v", ok))}
		case "!echo":
			return []bot.Reply{bot.Text("echo: " + arg)}
		case "!mention":
			return []bot.Reply{bot.Mentioning("this one is for you", msg.Sender)}
		}
		return nil
	})
}

// botRun is a running bot: the transport inside the core runtime.
type botRun struct {
	tr     *Transport
	cancel context.CancelFunc
	done   chan error
}

// botOptions varies a test bot.
type botOptions struct {
	user    string // account, "folkmoot" by default
	rooms   []string
	kv      *memKV
	admins  []string
	handler bot.Handler
	tune    func(*tuning)
	cfg     func(*config.XMPP)
}

// startBot runs a bot until the test ends (or stop is called).
func startBot(t *testing.T, e prosodyEnv, o botOptions) *botRun {
	t.Helper()
	if o.user == "" {
		o.user = "folkmoot"
	}
	if o.kv == nil {
		o.kv = newMemKV()
	}
	if o.handler == nil {
		o.handler = testHandler()
	}
	cfg := &config.XMPP{JID: e.jid(o.user), Password: e.password, Server: e.addr, TLS: "none"}
	for _, r := range o.rooms {
		cfg.Rooms = append(cfg.Rooms, config.XMPPRoom{JID: r, Nick: "folkmoot"})
	}
	if o.cfg != nil {
		o.cfg(cfg)
	}
	log := testLog(t)
	tr, err := New(cfg, o.kv, o.admins, log)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if o.tune != nil {
		o.tune(&tr.tune)
	}
	if os.Getenv("FOLKMOOT_TEST_XMPP_TRACE") == "1" {
		w := &quietWriter{t: t}
		t.Cleanup(w.stop)
		tr.tune.trace = w
	}
	b := bot.New(o.handler, nil, log, time.Now)
	b.Add(tr)
	ctx, cancel := context.WithCancel(context.Background())
	r := &botRun{tr: tr, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- b.Run(ctx) }()
	t.Cleanup(func() { r.stop(t) })
	return r
}

// stop ends the bot and waits for Run to return.
func (r *botRun) stop(t *testing.T) {
	t.Helper()
	r.cancel()
	select {
	case <-r.done:
		r.done <- nil // later stops return at once
	case <-time.After(20 * time.Second):
		t.Fatal("bot did not stop within 20 s")
	}
}

// sees reports whether the bot knows the occupant nick as the real JID jid.
func (r *botRun) sees(room, nick, jid string) bool {
	r.tr.mu.Lock()
	defer r.tr.mu.Unlock()
	rm := r.tr.rooms[room]
	return rm != nil && rm.occ.byNick[nick] != nil && rm.occ.byNick[nick].JID == jid
}

// joined reports whether the bot is in the room.
func (r *botRun) joined(room string) bool {
	for _, rm := range r.tr.Rooms() {
		if rm.ID == room {
			return true
		}
	}
	return false
}

// client is a person in the test: a real XMPP client talking to the bot through Prosody.
type client struct {
	t     *testing.T
	c     *goxmpp.Client
	jid   string
	msgs  chan goxmpp.Chat
	pres  chan goxmpp.Presence
	iqs   chan goxmpp.IQ
	wmu   sync.Mutex
	nicks map[string]string // room -> our nick
}

// connect logs a person in.
func connect(t *testing.T, e prosodyEnv, user string) *client {
	t.Helper()
	opts := goxmpp.Options{
		Host: e.addr, User: e.jid(user), Password: e.password, Resource: "test",
		NoTLS: true, InsecureAllowUnencryptedAuth: true, DialTimeout: 10 * time.Second,
	}
	c, err := opts.NewClient()
	if err != nil {
		t.Fatalf("%s cannot log in: %v", user, err)
	}
	cl := &client{t: t, c: c, jid: e.jid(user), msgs: make(chan goxmpp.Chat, 256),
		pres: make(chan goxmpp.Presence, 256), iqs: make(chan goxmpp.IQ, 64), nicks: map[string]string{}}
	go cl.read()
	t.Cleanup(cl.close)
	return cl
}

func (cl *client) read() {
	for {
		st, err := cl.c.Recv()
		if err != nil {
			if _, broken := st.(goxmpp.Chat); broken || st == nil {
				return
			}
			continue
		}
		switch v := st.(type) {
		case goxmpp.Chat:
			select {
			case cl.msgs <- v:
			default:
			}
		case goxmpp.Presence:
			select {
			case cl.pres <- v:
			default:
			}
		case goxmpp.IQ:
			select {
			case cl.iqs <- v:
			default:
			}
		}
	}
}

// close ends the stream without go-xmpp's Close, which waits up to 10 s for a goodbye
// that the read goroutine may consume.
func (cl *client) close() {
	cl.send("</stream:stream>")
}

func (cl *client) send(s string) {
	cl.wmu.Lock()
	defer cl.wmu.Unlock()
	_, _ = cl.c.SendOrg(s)
}

// join enters a room under nick and waits for the room to confirm.
func (cl *client) join(room, nick string) {
	cl.t.Helper()
	cl.nicks[room] = nick
	cl.send(joinStanza(room, nick))
	cl.waitPresence(10*time.Second, "own join of "+room, func(p goxmpp.Presence) bool {
		return p.From == room+"/"+nick && p.Type == ""
	})
}

// createRoom joins (creating it) and sets whether real JIDs are shown to everyone
// ("anyone") or to moderators only ("moderators").
func (cl *client) createRoom(room, nick, whois string) {
	cl.t.Helper()
	cl.join(room, nick)
	cl.iq("set", room, `<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'>`+
		`<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>`+
		`<field var='muc#roomconfig_whois'><value>`+whois+`</value></field>`+
		`<field var='muc#roomconfig_persistentroom'><value>1</value></field></x></query>`)
}

// iq sends a request and fails the test unless it succeeds.
func (cl *client) iq(typ, to, payload string) {
	cl.t.Helper()
	id := newID()
	cl.send(iqStanza(typ, to, id, payload))
	timeout := time.After(10 * time.Second)
	for {
		select {
		case v := <-cl.iqs:
			if v.ID != id {
				continue
			}
			if v.Type != "result" {
				cl.t.Fatalf("iq to %s failed: %+v", to, v.Error)
			}
			return
		case <-timeout:
			cl.t.Fatalf("no answer to iq %s", payload)
		}
	}
}

// say posts in a room.
func (cl *client) say(room, text string) {
	cl.send(groupchatStanza(room, newID(), text, false, "", ""))
}

// waitMessage returns the first message that matches, failing after timeout.
func (cl *client) waitMessage(timeout time.Duration, what string, match func(goxmpp.Chat) bool) goxmpp.Chat {
	cl.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case m := <-cl.msgs:
			if match(m) {
				return m
			}
		case <-deadline:
			cl.t.Fatalf("%s: timed out after %v waiting for %s", cl.jid, timeout, what)
		}
	}
}

// waitPresence returns the first presence that matches, failing after timeout.
func (cl *client) waitPresence(timeout time.Duration, what string, match func(goxmpp.Presence) bool) goxmpp.Presence {
	cl.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case p := <-cl.pres:
			if match(p) {
				return p
			}
		case <-deadline:
			cl.t.Fatalf("%s: timed out after %v waiting for %s", cl.jid, timeout, what)
		}
	}
}

// fromBot matches a room message by the bot.
func fromBot(room string, contains string) func(goxmpp.Chat) bool {
	return func(m goxmpp.Chat) bool {
		return m.Type == "groupchat" && m.Remote == room+"/folkmoot" && m.Stamp.IsZero() && strings.Contains(m.Text, contains)
	}
}

// botPresent matches the bot's available presence in a room.
func botPresent(room string) func(goxmpp.Presence) bool {
	return func(p goxmpp.Presence) bool { return p.From == room+"/folkmoot" && p.Type == "" }
}

// ask says text in the room and waits for the bot's answer containing want.
func (cl *client) ask(room, text, want string, timeout time.Duration) goxmpp.Chat {
	cl.t.Helper()
	cl.say(room, text)
	return cl.waitMessage(timeout, fmt.Sprintf("answer to %q containing %q", text, want), fromBot(room, want))
}
