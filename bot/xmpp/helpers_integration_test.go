package xmpp

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"mellium.im/sasl"
	"mellium.im/xmlstream"
	melliumxmpp "mellium.im/xmpp"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/muc"
	"mellium.im/xmpp/stanza"

	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/store"
	"folkmoot/store/storetest"
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
// has ended (background goroutines may still log while a connection closes). Every line, debug
// included, also goes as JSON to each of also.
func testLog(t *testing.T, also ...io.Writer) zerolog.Logger {
	w := &quietWriter{t: t}
	t.Cleanup(w.stop)
	out := append([]io.Writer{zerolog.ConsoleWriter{Out: w, NoColor: true, TimeFormat: "15:04:05.000"}}, also...)
	return zerolog.New(zerolog.MultiLevelWriter(out...)).Level(zerolog.DebugLevel).With().Timestamp().Logger()
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
	return bot.HandlerFunc(func(ctx context.Context, _ *sql.Tx, tr bot.Transport, msg bot.Message) ([]bot.Reply, error) {
		cmd, arg, _ := strings.Cut(strings.TrimSpace(msg.Text), " ")
		switch cmd {
		case "!help":
			return []bot.Reply{bot.Say(bot.P("folkmoot commands:"), bot.Items(bot.L(bot.B("Basics"), " ", bot.C("!help"), ", !whoami, !admin, !echo TEXT")))}, nil
		case "!quote":
			return []bot.Reply{bot.Say(bot.P("You said ", bot.Q(arg)))}, nil
		case "!whoami":
			if msg.Sender.Anonymous {
				return []bot.Reply{bot.Text("anonymous " + msg.Sender.ID + " (" + msg.Sender.Name + ")")}, nil
			}
			return []bot.Reply{bot.Text("you are " + msg.Sender.ID + " (" + msg.Sender.Name + ")")}, nil
		case "!admin":
			ok, err := tr.(bot.AdminChecker).IsRoomAdmin(ctx, msg.Room, msg.Sender)
			if err != nil {
				return []bot.Reply{bot.Text("admin check failed")}, nil
			}
			return []bot.Reply{bot.Text(fmt.Sprintf("admin: %v", ok))}, nil
		case "!echo":
			return []bot.Reply{bot.Text("echo: " + arg)}, nil
		case "!mention":
			return []bot.Reply{bot.Mentioning("this one is for you", msg.Sender)}, nil
		}
		return nil, nil
	})
}

// answeringInvitations answers invitations as the app does for XMPP: the admins' are
// accepted, the others' declined; every other event goes to h.
func answeringInvitations(h bot.Handler, admins []string) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, tx *sql.Tx, tr bot.Transport, msg bot.Message) ([]bot.Reply, error) {
		if msg.Invitation {
			answer := &bot.JoinAnswer{Accept: slices.Contains(admins, msg.Sender.ID), InvitedBy: msg.Sender.ID}
			return []bot.Reply{{Join: answer, Notice: true}}, nil
		}
		return h.Handle(ctx, tx, tr, msg)
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
	kv      *memKV // the adapter's bot.KV; the journal's, as in the app, when nil
	admins  []string
	handler bot.Handler
	tune    func(*tuning)
	cfg     func(*config.XMPP)
	journal *store.DB // the runtime's database, to outlive one bot (a fresh one when nil)
	clock   clock     // the transport's and the runtime's clock; the wall clock by default
}

// startBot runs a bot until the test ends (or stop is called).
func startBot(t *testing.T, e prosodyEnv, o botOptions) *botRun {
	t.Helper()
	if o.user == "" {
		o.user = "folkmoot"
	}
	if o.journal == nil {
		o.journal = storetest.Open(t)
	}
	var kv bot.KV = o.journal
	if o.kv != nil {
		kv = o.kv
	}
	if o.clock == nil {
		o.clock = wallClock{}
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
	tr, err := New(cfg, kv, log, o.clock.Now)
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
	tr.clock = o.clock
	b := bot.New(answeringInvitations(o.handler, o.admins), o.journal, log, o.clock.Now)
	b.Add(tr, cfg.CatchUpOr(15*time.Minute))
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

// chat is a message a test client received.
type chat struct {
	From, Type, ID, Body string
	Stamp                time.Time // the XEP-0203 delay, zero for a live message
	OOB                  string    // XEP-0066 URL
	Unstyled             bool      // XEP-0393 <unstyled/>
	OriginID             string
	ReplyTo, ReplyID     string // XEP-0461
}

// pres is a presence a test client received.
type pres struct {
	From, Type string
	Codes      []string
}

// client is a person in the test: a real XMPP client (mellium, as the bot) talking to the
// bot through Prosody. Its reader keeps messages and presences for the test to wait on.
type client struct {
	t     *testing.T
	s     *melliumxmpp.Session
	jid   string
	msgs  chan chat
	pres  chan pres
	nicks map[string]string // room -> our nick

	logMu sync.Mutex
	log   []chat // every message received, for counting
}

// count reports how many live messages from the bot in room had exactly this body.
func (cl *client) count(room, body string) int {
	cl.logMu.Lock()
	defer cl.logMu.Unlock()
	n := 0
	for _, m := range cl.log {
		if fromBot(room, "")(m) && m.Body == body {
			n++
		}
	}
	return n
}

// countContaining reports how many live messages from the bot in room contain text.
func (cl *client) countContaining(room, text string) int {
	return cl.countMatching(fromBot(room, text))
}

// countMatching reports how many of the messages received so far match.
func (cl *client) countMatching(match func(chat) bool) int {
	cl.logMu.Lock()
	defer cl.logMu.Unlock()
	n := 0
	for _, m := range cl.log {
		if match(m) {
			n++
		}
	}
	return n
}

// connect logs a person in.
func connect(t *testing.T, e prosodyEnv, user string) *client {
	t.Helper()
	origin := jid.MustParse(e.jid(user) + "/test")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	raw, err := (&net.Dialer{}).DialContext(ctx, "tcp", e.addr)
	if err != nil {
		t.Fatalf("%s cannot connect: %v", user, err)
	}
	features := []melliumxmpp.StreamFeature{melliumxmpp.SASL("", e.password, sasl.ScramSha1), melliumxmpp.BindResource()}
	s, err := melliumxmpp.NewSession(ctx, origin.Domain(), origin, raw, melliumxmpp.Secure,
		melliumxmpp.NewNegotiator(func(*melliumxmpp.Session, *melliumxmpp.StreamConfig) melliumxmpp.StreamConfig {
			cfg := melliumxmpp.StreamConfig{Features: features}
			if os.Getenv("FOLKMOOT_TEST_XMPP_TRACE") == "1" {
				w := &quietWriter{t: t}
				cfg.TeeIn, cfg.TeeOut = prefixed(w, user+" <- "), prefixed(w, user+" -> ")
			}
			return cfg
		}))
	if err != nil {
		t.Fatalf("%s cannot log in: %v", user, err)
	}
	cl := &client{t: t, s: s, jid: e.jid(user), msgs: make(chan chat, 256), pres: make(chan pres, 256), nicks: map[string]string{}}
	go func() { _ = s.Serve(melliumxmpp.HandlerFunc(cl.handle)) }()
	t.Cleanup(cl.close)
	return cl
}

// handle keeps what the server sends.
func (cl *client) handle(r xmlstream.TokenReadEncoder, start *xml.StartElement) error {
	d := stanzaDecoder(r, start)
	switch {
	case start.Name.Local == "message":
		var v struct {
			message
			OOB struct {
				URL string `xml:"url"`
			} `xml:"jabber:x:oob x"`
			Unstyled *struct{} `xml:"urn:xmpp:styling:0 unstyled"`
			Reply    struct {
				To string `xml:"to,attr"`
				ID string `xml:"id,attr"`
			} `xml:"urn:xmpp:reply:0 reply"`
		}
		if err := d.DecodeElement(&v, start); err != nil {
			cl.t.Logf("%s: unreadable message: %v", cl.jid, err)
			return nil
		}
		m := chat{From: v.From, Type: v.Type, ID: v.ID, Body: v.Body, OriginID: v.OriginID.ID,
			OOB: v.OOB.URL, Unstyled: v.Unstyled != nil, ReplyTo: v.Reply.To, ReplyID: v.Reply.ID}
		m.Stamp, _ = delayStamp(&v.message)
		cl.logMu.Lock()
		cl.log = append(cl.log, m)
		cl.logMu.Unlock()
		select {
		case cl.msgs <- m:
		default:
		}
	case start.Name.Local == "presence":
		var v presence
		if err := d.DecodeElement(&v, start); err != nil {
			cl.t.Logf("%s: unreadable presence: %v", cl.jid, err)
			return nil
		}
		p := pres{From: v.From, Type: v.Type}
		if v.MUC != nil {
			for _, s := range v.MUC.Status {
				p.Codes = append(p.Codes, s.Code)
			}
		}
		select {
		case cl.pres <- p:
		default:
		}
	}
	return nil
}

// close ends the stream and the connection.
func (cl *client) close() {
	_ = cl.s.Close()
	_ = cl.s.Conn().Close()
}

// send writes a stanza.
func (cl *client) send(st xml.TokenReader) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := cl.s.Send(ctx, st); err != nil {
		cl.t.Logf("%s: send: %v", cl.jid, err)
	}
}

// inviteDirectly invites to into room with a direct invitation (XEP-0249), mellium's own.
func (cl *client) inviteDirectly(to, room string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := muc.Invite(ctx, address(to), muc.Invitation{JID: address(room)}, cl.s); err != nil {
		cl.t.Logf("%s: invite: %v", cl.jid, err)
	}
}

// join enters a room under nick and waits for the room to confirm.
func (cl *client) join(room, nick string) {
	cl.t.Helper()
	cl.nicks[room] = nick
	cl.send(stanza.Presence{To: address(room + "/" + nick)}.Wrap(xmlstream.Wrap(
		xmlstream.Wrap(nil, xml.StartElement{Name: xml.Name{Local: "history"}, Attr: []xml.Attr{{Name: xml.Name{Local: "maxchars"}, Value: "0"}}}),
		xml.StartElement{Name: xml.Name{Space: muc.NS, Local: "x"}},
	)))
	cl.waitPresence(10*time.Second, "own join of "+room, func(p pres) bool {
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
func (cl *client) iq(typ stanza.IQType, to, payload string) {
	cl.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := cl.s.SendIQElement(ctx, fixture(payload), stanza.IQ{Type: typ, To: address(to)})
	if err != nil {
		cl.t.Fatalf("no answer to iq %s: %v", payload, err)
	}
	defer resp.Close()
	// Read with addresses as strings: mellium's stanza.IQ would refuse a room name PRECIS
	// refuses (see message).
	var res struct {
		Type  string     `xml:"type,attr"`
		Error *stanzaErr `xml:"error"`
	}
	if err := xml.NewTokenDecoder(resp).Decode(&res); err != nil || res.Type != "result" {
		cl.t.Fatalf("iq %s to %s failed: %+v %v", payload, to, res.Error.asError(), err)
	}
}

// say posts in a room.
func (cl *client) say(room, text string) {
	cl.send(outgoing{to: room, typ: "groupchat", id: newID(), body: text}.stanza())
}

// react puts a reaction (XEP-0444) on the room's message with ID to.
func (cl *client) react(room, to, key string) {
	reaction := xmlstream.Wrap(xmlstream.Token(xml.CharData(key)), xml.StartElement{Name: xml.Name{Local: "reaction"}})
	reactions := xmlstream.Wrap(reaction, xml.StartElement{Name: xml.Name{Space: "urn:xmpp:reactions:0", Local: "reactions"},
		Attr: []xml.Attr{{Name: xml.Name{Local: "id"}, Value: to}}})
	cl.send(stanza.Message{To: address(room), Type: stanza.GroupChatMessage, ID: newID()}.Wrap(reactions))
}

// waitMessage returns the first message that matches, failing after timeout.
func (cl *client) waitMessage(timeout time.Duration, what string, match func(chat) bool) chat {
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
func (cl *client) waitPresence(timeout time.Duration, what string, match func(pres) bool) pres {
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

// fromBot matches a live room message by the bot.
func fromBot(room string, contains string) func(chat) bool {
	return func(m chat) bool {
		return m.Type == "groupchat" && m.From == room+"/folkmoot" && m.Stamp.IsZero() && strings.Contains(m.Body, contains)
	}
}

// privateFromBot matches a private message from the bot within a room (XEP-0045 §7.5), which
// the room passes on from the bot's occupant JID as type chat.
func privateFromBot(room string, contains string) func(chat) bool {
	return func(m chat) bool {
		return m.Type == "chat" && m.From == room+"/folkmoot" && strings.Contains(m.Body, contains)
	}
}

// botPresent matches the bot's available presence in a room.
func botPresent(room string) func(pres) bool {
	return func(p pres) bool { return p.From == room+"/folkmoot" && p.Type == "" }
}

// ask says text in the room and waits for the bot's answer containing want.
func (cl *client) ask(room, text, want string, timeout time.Duration) chat {
	cl.t.Helper()
	cl.say(room, text)
	return cl.waitMessage(timeout, fmt.Sprintf("answer to %q containing %q", text, want), fromBot(room, want))
}

// queuedReplies counts what waits in a store's outbox.
func queuedReplies(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM outbox`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
