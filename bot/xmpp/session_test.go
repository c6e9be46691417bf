package xmpp

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"mellium.im/xmlstream"
	melliumxmpp "mellium.im/xmpp"
	"mellium.im/xmpp/jid"

	"folkmoot/config"
)

// fakeServer is the far end of a real mellium session over a pipe: it opens the stream
// without features, then hands the test each stanza the bot writes and writes the test's.
type fakeServer struct {
	t    *testing.T
	conn net.Conn
	got  chan string
}

// pipeTransport is a transport configured with these rooms, on a live session with a
// fakeServer, its stream served by the transport's router; clk is its clock.
func pipeTransport(t *testing.T, clk clock, rooms ...config.XMPPRoom) (*Transport, *conn, *fakeServer) {
	t.Helper()
	cfg := &config.XMPP{JID: "folkmoot@example.org", Password: "x", TLS: "starttls", Rooms: rooms}
	tr, err := New(cfg, newMemKV(), zerolog.Nop(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	tr.clock = clk
	if tr.records, err = loadRecords(context.Background(), newMemKV(), zerolog.Nop(), clk.Now()); err != nil {
		t.Fatal(err)
	}
	client, server := net.Pipe()
	fs := &fakeServer{t: t, conn: server, got: make(chan string, 64)}
	go fs.serve()
	origin := jid.MustParse("folkmoot@example.org/" + resourceName)
	// Cancelled only once the pipe is closed: mellium ends the negotiation's watch on this
	// context in a goroutine that, late, may still see the context end and set a past
	// deadline on the pipe, failing the first read of the stream (rarely: 1 run in some 300).
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	s, err := melliumxmpp.NewSession(ctx, origin.Domain(), origin, client, melliumxmpp.Secure,
		melliumxmpp.NewNegotiator(func(*melliumxmpp.Session, *melliumxmpp.StreamConfig) melliumxmpp.StreamConfig {
			return melliumxmpp.StreamConfig{}
		}))
	if err != nil {
		t.Fatal(err)
	}
	c := newConn(s, clk)
	tr.conn = c
	go func() {
		defer close(c.served)
		_ = s.Serve(tr.handler(context.Background(), c))
	}()
	t.Cleanup(func() {
		c.once.Do(func() { close(c.done); c.stop() })
		_ = client.Close()
		_ = server.Close()
		cancel()
	})
	return tr, c, fs
}

// serve answers the bot's stream header and passes on each element the bot writes.
func (fs *fakeServer) serve() {
	d := xml.NewDecoder(fs.conn)
	for { // up to the bot's stream header
		tok, err := d.Token()
		if err != nil {
			return
		}
		if start, ok := tok.(xml.StartElement); ok && start.Name.Local == "stream" {
			break
		}
	}
	_, _ = io.WriteString(fs.conn, `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'`+
		` id='s1' from='example.org' version='1.0'><stream:features/>`)
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		var b bytes.Buffer
		e := xml.NewEncoder(&b)
		_, err = xmlstream.Copy(e, xmlstream.MultiReader(xmlstream.Token(start), xmlstream.InnerElement(d)))
		if err != nil || e.Flush() != nil {
			return
		}
		fs.got <- b.String()
	}
}

// next is the next stanza the bot wrote.
func (fs *fakeServer) next() string {
	fs.t.Helper()
	guard := time.NewTimer(10 * time.Second) // a bound on another goroutine, no sleep
	defer guard.Stop()
	select {
	case s := <-fs.got:
		return s
	case <-guard.C:
		fs.t.Fatal("the bot wrote nothing within 10 s")
		return ""
	}
}

// send writes a stanza to the bot.
func (fs *fakeServer) send(st string) {
	fs.t.Helper()
	if _, err := io.WriteString(fs.conn, st); err != nil {
		fs.t.Fatal(err)
	}
}

// sync returns once the bot has handled everything sent before: it answers a ping in turn.
func (fs *fakeServer) sync() {
	fs.t.Helper()
	fs.send(`<iq type='get' id='sync' from='example.org'><ping xmlns='urn:xmpp:ping'/></iq>`)
	for {
		if s := fs.next(); strings.Contains(s, `id="sync"`) {
			return
		}
	}
}

// joinPresence is a join the bot wrote.
type joinPresence struct {
	To      string `xml:"to,attr"`
	ID      string `xml:"id,attr"`
	History struct {
		Since    string `xml:"since,attr"`
		MaxChars string `xml:"maxchars,attr"`
	} `xml:"http://jabber.org/protocol/muc x>history"`
}

func readJoin(t *testing.T, s string) joinPresence {
	t.Helper()
	var p joinPresence
	if err := xml.Unmarshal([]byte(s), &p); err != nil || !strings.HasPrefix(s, "<presence") {
		t.Fatalf("not a join: %s (%v)", s, err)
	}
	return p
}

// A join goes through mellium's MUC client: it asks for the history since the records say,
// under the configured nick as typed; when the room refuses the nick, mellium hands the
// refusal back and the bot tries the next nick, and the room's welcome marks it joined. A
// resync asks for no history.
func TestJoinThroughMUC(t *testing.T) {
	const nick = "Zoë 🌻 'n' <co>"
	clk := newFakeClock(t0)
	tr, c, fs := pipeTransport(t, clk, config.XMPPRoom{JID: testRoom, Nick: nick})
	r := tr.rooms[testRoom]
	tr.mu.Lock()
	tr.joinLocked(c, r)
	tr.mu.Unlock()

	first := readJoin(t, fs.next())
	wantSince := t0.Add(-time.Minute - 2*time.Second).Truncate(time.Second).UTC().Format(time.RFC3339)
	if first.To != testRoom+"/"+nick || first.ID == "" || first.History.Since != wantSince {
		t.Fatalf("join %+v, want one to %s/%s asking for the history since %s", first, testRoom, nick, wantSince)
	}
	fs.send(`<presence type='error' id='` + first.ID + `' from='` + testRoom + `/` + xmlEscape(nick) + `'>` +
		`<x xmlns='http://jabber.org/protocol/muc'/><error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>`)
	second := readJoin(t, fs.next())
	if second.To != testRoom+"/"+nick+"_" {
		t.Fatalf("after the conflict the bot joined as %q, want %q", second.To, testRoom+"/"+nick+"_")
	}
	fs.send(`<presence id='` + second.ID + `' from='` + testRoom + `/` + xmlEscape(nick) + `_'><x xmlns='http://jabber.org/protocol/muc#user'>` +
		`<item affiliation='none' role='participant'/><status code='110'/></x></presence>`)
	fs.sync()
	tr.mu.Lock()
	state, got := r.state, r.nick
	tr.mu.Unlock()
	if state != roomJoined || got != nick+"_" {
		t.Fatalf("room state %d as %q, want joined as %q", state, got, nick+"_")
	}

	tr.mu.Lock()
	tr.resyncLocked(c, r, "test")
	tr.mu.Unlock()
	if resync := readJoin(t, fs.next()); resync.To != testRoom+"/"+nick+"_" || resync.History.MaxChars != "0" || resync.History.Since != "" {
		t.Fatalf("resync %+v, want a join without history", resync)
	}
}

// xmlEscape escapes text for a fixture's attribute.
func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// The keepalive runs on the transport's clock: a connection quiet for pingEvery is pinged
// (XEP-0199), and one whose ping goes unanswered for pingTimeout is given up.
func TestKeepAlivePingsAQuietConnection(t *testing.T) {
	clk := newFakeClock(t0)
	tr, c, fs := pipeTransport(t, clk)
	served := make(chan error)
	done := make(chan error, 1)
	go func() { done <- tr.keepAlive(context.Background(), c, served) }()
	if d := clk.nextTimer(t); d != tr.tune.pingEvery {
		t.Fatalf("the keepalive waits %v, want %v", d, tr.tune.pingEvery)
	}
	clk.Advance(tr.tune.pingEvery - time.Second)
	if got := clk.armed(); len(got) != 1 || got[0] != time.Second {
		t.Fatalf("timers %v, want the keepalive's 1 s away", got)
	}
	clk.Advance(time.Second)
	var ping struct {
		To   string    `xml:"to,attr"`
		Type string    `xml:"type,attr"`
		Ping *struct{} `xml:"urn:xmpp:ping ping"`
	}
	if s := fs.next(); xml.Unmarshal([]byte(s), &ping) != nil || ping.Ping == nil || ping.Type != "get" || ping.To != "example.org" {
		t.Fatalf("after %v of quiet the bot wrote %s, want a ping to the server", tr.tune.pingEvery, s)
	}
	clk.Advance(tr.tune.pingTimeout)
	guard := time.NewTimer(10 * time.Second) // a bound on another goroutine, no sleep
	defer guard.Stop()
	select {
	case err := <-done:
		if err != errPingTimeout {
			t.Fatalf("keepAlive = %v, want errPingTimeout", err)
		}
	case <-guard.C:
		t.Fatal("the unanswered ping did not end the connection")
	}
}
