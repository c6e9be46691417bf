package xmpp

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"mellium.im/sasl"
	"mellium.im/xmlstream"
	melliumxmpp "mellium.im/xmpp"
	"mellium.im/xmpp/dial"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/muc"
	"mellium.im/xmpp/stanza"
)

// errNotConnected is what Send and Upload return between connections; the core's outbox
// keeps the reply and retries after the reconnect.
var errNotConnected = errors.New("xmpp: not connected")

// errClosed ends requests that were waiting on a connection that went away.
var errClosed = errors.New("xmpp: connection closed")

// errTimeout is a request without an answer in time.
var errTimeout = errors.New("xmpp: no answer in time")

// errNotDirectTLS is an SRV lookup for direct TLS that only found a plain endpoint.
var errNotDirectTLS = errors.New("xmpp.tls is direct, but the server offers no direct TLS endpoint")

// resourceName is the bot's fixed resource: after a silent disconnect, logging in again
// with the same full JID makes the server drop the stale session at once.
const resourceName = "folkmoot"

// writeTimeout bounds one stanza write, so a socket that stopped draining cannot hang a
// caller (the ping notices the dead connection anyway).
const writeTimeout = 20 * time.Second

// mechanisms are the SASL mechanisms offered the password: SCRAM only, never PLAIN. The
// channel-binding (-PLUS) variants are left out: mellium binds to tls-exporter under TLS 1.3,
// which Prosody 0.12 does not offer, and a failed binding would fail the login.
var mechanisms = []sasl.Mechanism{sasl.ScramSha256, sasl.ScramSha1}

// isLoopback reports whether host:port names this machine, the only place tls: none is
// allowed.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// serverAddr is the configured server as host:port, with the mode's default port, or "" when
// the server is to be found through DNS SRV records.
func serverAddr(server, mode string) string {
	if server == "" {
		return ""
	}
	if _, _, err := net.SplitHostPort(server); err == nil {
		return server
	}
	port := "5222"
	if mode == "direct" {
		port = "5223"
	}
	return net.JoinHostPort(server, port)
}

// tlsConfig is how the server's certificate is checked.
func (t *Transport) tlsConfig() *tls.Config {
	return &tls.Config{
		ServerName:         t.domain,
		InsecureSkipVerify: t.cfg.InsecureSkipVerify, //nolint:gosec // only when configured, with a warning at start
		MinVersion:         tls.VersionTLS12,
	}
}

// dialTCP opens the connection: to the configured server, else where the domain's SRV
// records point (mellium's dialer, which prefers direct TLS records).
func (t *Transport) dialTCP(ctx context.Context, origin jid.JID) (net.Conn, string, error) {
	mode := t.cfg.TLS
	if addr := serverAddr(t.cfg.Server, mode); addr != "" {
		d := net.Dialer{Timeout: 15 * time.Second}
		if mode == "direct" {
			td := tls.Dialer{NetDialer: &d, Config: t.tlsConfig()}
			c, err := td.DialContext(ctx, "tcp", addr)
			return c, addr, err
		}
		c, err := d.DialContext(ctx, "tcp", addr)
		return c, addr, err
	}
	d := dial.Dialer{Dialer: net.Dialer{Timeout: 15 * time.Second}, NoTLS: mode != "direct", TLSConfig: t.tlsConfig()}
	c, err := d.Dial(ctx, "tcp", origin)
	if err != nil {
		return nil, "", err
	}
	if _, ok := c.(*tls.Conn); mode == "direct" && !ok {
		_ = c.Close()
		return nil, "", errNotDirectTLS
	}
	return c, c.RemoteAddr().String(), nil
}

// login connects and negotiates the stream: STARTTLS (or direct TLS), SCRAM, resource
// binding, all within loginTimeout.
func (t *Transport) login(ctx context.Context) (*conn, string, error) {
	origin, err := jid.Parse(t.cfg.JID + "/" + resourceName)
	if err != nil {
		return nil, "", fmt.Errorf("xmpp.jid: %w", err)
	}
	ctx, cancel := t.clock.WithTimeout(ctx, t.tune.loginTimeout)
	defer cancel()
	raw, addr, err := t.dialTCP(ctx, origin)
	if err != nil {
		return nil, addr, err
	}
	// The login's bound is the socket's deadline (see ownDeadlines), lifted once logged in.
	_ = raw.SetDeadline(socketDeadline(t.tune.loginTimeout))
	features := []melliumxmpp.StreamFeature{scram(t.cfg.Password), bindResource(resourceName)}
	var state melliumxmpp.SessionState
	switch t.cfg.TLS {
	case "starttls":
		features = append([]melliumxmpp.StreamFeature{melliumxmpp.StartTLS(t.tlsConfig())}, features...)
	default:
		// Direct TLS is secure from the first byte. A plain connection is allowed only to
		// this machine (New refuses anything else), and mellium offers SASL only on a stream
		// it was told is secure.
		state = melliumxmpp.Secure
	}
	cfg := melliumxmpp.StreamConfig{Features: features}
	if t.tune.trace != nil {
		cfg.TeeIn, cfg.TeeOut = prefixed(t.tune.trace, "<- "), prefixed(t.tune.trace, "-> ")
	}
	sock := newOwnDeadlines(raw)
	s, err := melliumxmpp.NewSession(ctx, origin.Domain(), origin, sock, state,
		melliumxmpp.NewNegotiator(func(*melliumxmpp.Session, *melliumxmpp.StreamConfig) melliumxmpp.StreamConfig { return cfg }))
	if err != nil {
		_ = raw.Close()
		return nil, addr, err
	}
	_ = raw.SetDeadline(time.Time{})
	c := newConn(s, t.clock)
	c.sock = sock
	return c, addr, nil
}

// ownDeadlines is the socket as mellium sees it, with its deadline calls ignored: mellium
// v0.23.0 ends a call cut short by its context from a goroutine that sets a deadline in the
// past (session.go, setDeadline and setWriteDeadline), and when the caller ends the context
// just as the call returns, as every bounded call does, that goroutine can still fire and
// fail the next read or write of another goroutine, dropping the connection. The adapter
// bounds the socket itself instead: every write, ours and mellium's own (pings, answers,
// joins), gets a deadline of its own; the login is bounded as a whole; a silent reader is
// the keepalive ping's to find.
type ownDeadlines struct {
	net.Conn
	bound atomic.Int64 // how long one write may take, in nanoseconds
}

func newOwnDeadlines(c net.Conn) *ownDeadlines {
	o := &ownDeadlines{Conn: c}
	o.bound.Store(int64(writeTimeout))
	return o
}

// Write writes within the bound.
func (o *ownDeadlines) Write(p []byte) (int, error) {
	_ = o.Conn.SetWriteDeadline(socketDeadline(time.Duration(o.bound.Load())))
	return o.Conn.Write(p)
}

func (*ownDeadlines) SetDeadline(time.Time) error      { return nil }
func (*ownDeadlines) SetReadDeadline(time.Time) error  { return nil }
func (*ownDeadlines) SetWriteDeadline(time.Time) error { return nil }

// socketDeadline is a socket's deadline d from now: on the operating system's clock, which
// the socket keeps, whatever clock the adapter reads the time by.
func socketDeadline(d time.Duration) time.Time { return wallClock{}.Now().Add(d) }

// errAuth is a server that refused the credentials (or offers no SCRAM mechanism).
var errAuth = errors.New("xmpp: authentication failed (check xmpp.jid and the password)")

// scram is mellium's SASL feature with SCRAM only. A refusal is marked errAuth, since
// mellium's SASL failures carry the server's free text rather than a type we can test.
func scram(password string) melliumxmpp.StreamFeature {
	f := melliumxmpp.SASL("", password, mechanisms...)
	negotiate := f.Negotiate
	f.Negotiate = func(ctx context.Context, s *melliumxmpp.Session, data any) (melliumxmpp.SessionState, io.ReadWriter, error) {
		mask, rw, err := negotiate(ctx, s, data)
		var netErr net.Error
		if err != nil && !errors.As(err, &netErr) && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) && ctx.Err() == nil {
			err = fmt.Errorf("%w: %w", errAuth, err)
		}
		return mask, rw, err
	}
	return f
}

// bindResource is mellium's resource binding asking for a fixed resource. mellium v0.23.0
// sends an empty <resource/> whatever the address says, so the server picks a random one;
// with a fixed one, a login after a silent disconnect replaces the stale session at once.
func bindResource(resource string) melliumxmpp.StreamFeature {
	f := melliumxmpp.BindResource()
	f.Negotiate = func(ctx context.Context, s *melliumxmpp.Session, _ any) (melliumxmpp.SessionState, io.ReadWriter, error) {
		id := newID()
		w := s.TokenWriter()
		req := stanza.IQ{XMLName: xml.Name{Space: stanza.NSClient, Local: "iq"}, ID: id, Type: stanza.SetIQ}
		_, err := xmlstream.Copy(w, req.Wrap(bindRequest{resource: resource}.TokenReader()))
		if err == nil {
			err = w.Flush()
		}
		_ = w.Close()
		if err != nil {
			return 0, nil, err
		}
		r := s.TokenReader()
		defer r.Close()
		var res struct {
			stanza.IQ
			JID   string     `xml:"urn:ietf:params:xml:ns:xmpp-bind bind>jid"`
			Error *stanzaErr `xml:"error"`
		}
		if err := xml.NewTokenDecoder(r).Decode(&res); err != nil {
			return 0, nil, fmt.Errorf("bind: %w", err)
		}
		bound, err := jid.Parse(res.JID)
		if res.ID != id || res.Type != stanza.ResultIQ || err != nil {
			return 0, nil, fmt.Errorf("bind: %w", res.Error.asError())
		}
		s.UpdateAddr(bound)
		return melliumxmpp.Ready, nil, nil
	}
	return f
}

// bindRequest asks the server to bind this resource (RFC 6120 §7.6). mellium's request
// (bindPayload.TokenReader in bind.go, v0.23.0) writes its JID field, still empty then, in
// place of the resource it was given.
type bindRequest struct{ resource string }

// TokenReader implements xmlstream.Marshaler.
func (b bindRequest) TokenReader() xml.TokenReader {
	return xmlstream.Wrap(
		xmlstream.Wrap(xmlstream.Token(xml.CharData(b.resource)), xml.StartElement{Name: xml.Name{Local: "resource"}}),
		xml.StartElement{Name: xml.Name{Space: nsBind, Local: "bind"}},
	)
}

// prefixed marks each write to a trace with the direction.
func prefixed(w io.Writer, p string) io.Writer {
	return writerFunc(func(b []byte) (int, error) {
		_, err := w.Write(append([]byte(p), b...))
		return len(b), err
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// isPermanent tells configuration mistakes (wrong password, untrusted certificate, no
// SCRAM) from network trouble: at start-up they end Run instead of being retried forever.
func isPermanent(err error) bool {
	var verify *tls.CertificateVerificationError
	if errors.As(err, &verify) || errors.Is(err, errNotDirectTLS) || errors.Is(err, errAuth) {
		return true
	}
	s := err.Error()
	for _, p := range []string{"not-authorized", "no matching SASL mechanisms", "x509:", "certificate", "xmpp.jid"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// conn is one logged-in session: mellium reads the stream and matches IQ answers, and Sends
// wait here for the room's reflection of their messages.
type conn struct {
	s     *melliumxmpp.Session
	sock  *ownDeadlines   // the socket under the session, whose deadlines are the adapter's
	jid   string          // our full JID
	clock clock           // the transport's
	muc   *muc.Client     // sends the joins and waits for their outcome
	ctx   context.Context // ends with the connection
	stop  context.CancelFunc

	mu       sync.Mutex
	echoes   map[string]echo
	done     chan struct{}
	served   chan struct{} // closed when Serve returned
	once     sync.Once
	lastRecv atomic.Int64 // unix nanoseconds of the last stanza read
	// afterWrite, when set (by tests), runs after each message write: it lets a test cut the
	// connection between a message leaving and its echo coming back.
	afterWrite func()
}

// echo waits for the room to reflect one of our messages, the proof it was delivered.
type echo struct {
	room string
	ch   chan error
}

func newConn(s *melliumxmpp.Session, clk clock) *conn {
	c := &conn{
		s:      s,
		jid:    s.LocalAddr().String(),
		clock:  clk,
		muc:    &muc.Client{},
		echoes: map[string]echo{},
		done:   make(chan struct{}),
		served: make(chan struct{}),
	}
	c.ctx, c.stop = context.WithCancel(context.Background())
	c.lastRecv.Store(clk.Now().UnixNano())
	return c
}

// write sends one stanza; the session serialises writers so stanzas never interleave.
func (c *conn) write(st xml.TokenReader) error {
	if c.closed() {
		return errClosed
	}
	if err := c.s.Send(c.ctx, st); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

// expectEcho registers a sent message's ID before it is written.
func (c *conn) expectEcho(id, room string) chan error {
	ch := make(chan error, 1)
	c.mu.Lock()
	c.echoes[id] = echo{room: room, ch: ch}
	c.mu.Unlock()
	return ch
}

func (c *conn) dropEcho(id string) {
	c.mu.Lock()
	delete(c.echoes, id)
	c.mu.Unlock()
}

// echoed resolves a waiting Send: err nil when the room reflected the message.
func (c *conn) echoed(id string, err error) {
	c.mu.Lock()
	e, ok := c.echoes[id]
	delete(c.echoes, id)
	c.mu.Unlock()
	if ok {
		e.ch <- err
	}
}

// failRoom ends every Send waiting on a room, which refused or dropped us.
func (c *conn) failRoom(room string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, e := range c.echoes {
		if e.room == room {
			e.ch <- err
			delete(c.echoes, id)
		}
	}
}

// closed reports whether the connection has been shut.
func (c *conn) closed() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// shut ends the connection without waiting: it ends the stream politely and closes the
// socket once the server has answered, or after two seconds for a server that is gone. The
// write deadline also frees a writer stuck on a dead socket.
func (c *conn) shut() {
	c.once.Do(func() {
		close(c.done)
		c.stop()
		go func() {
			if c.sock != nil {
				c.sock.bound.Store(int64(2 * time.Second)) // the stream's end, then close
			}
			_ = c.s.Close()
			wait := c.clock.NewTimer(2 * time.Second)
			defer wait.Stop()
			select {
			case <-c.served:
			case <-wait.C():
			}
			_ = c.s.Conn().Close()
		}()
	})
}

// newID makes a random stanza ID.
func newID() string {
	var b [9]byte
	_, _ = rand.Read(b[:])
	return "fm-" + hex.EncodeToString(b[:])
}
