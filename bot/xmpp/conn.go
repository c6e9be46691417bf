package xmpp

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"net"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	goxmpp "github.com/xmppo/go-xmpp"
)

// errNotConnected is what Send and Upload return between connections; the core's outbox
// keeps the reply and retries after the reconnect.
var errNotConnected = errors.New("xmpp: not connected")

// errClosed ends requests that were waiting on a connection that went away.
var errClosed = errors.New("xmpp: connection closed")

// errUnsupportedLibrary is a go-xmpp whose internals differ from the pinned v0.3.7.
var errUnsupportedLibrary = errors.New("xmpp: this go-xmpp version does not expose its stream; folkmoot needs v0.3.7")

// errTimeout is a request without an answer in time.
var errTimeout = errors.New("xmpp: no answer in time")

// resourceName is the bot's fixed resource: after a silent disconnect, logging in again
// with the same full JID makes the server drop the stale session at once.
const resourceName = "folkmoot"

// writeTimeout bounds one stanza write.
const writeTimeout = 20 * time.Second

// endpoint is where to connect and how.
type endpoint struct {
	addr       string // host:port
	serverName string // the JID domain the certificate must name
	tls        string // starttls, direct or none
	insecure   bool
}

// resolve finds the server: the configured host:port, else a DNS SRV record
// (_xmpp-client or, for direct TLS, _xmpps-client), else the domain itself.
func resolve(ctx context.Context, jid, server, mode string) (string, error) {
	port := "5222"
	service := "xmpp-client"
	if mode == "direct" {
		port, service = "5223", "xmpps-client"
	}
	if server != "" {
		if _, _, err := net.SplitHostPort(server); err == nil {
			return server, nil
		}
		return net.JoinHostPort(server, port), nil
	}
	_, domain, _ := strings.Cut(jid, "@")
	_, srvs, err := net.DefaultResolver.LookupSRV(ctx, service, "tcp", domain)
	if err != nil || len(srvs) == 0 || srvs[0].Target == "." {
		return net.JoinHostPort(domain, port), nil
	}
	// LookupSRV sorts by priority and shuffles by weight; the first is the one to use.
	return net.JoinHostPort(strings.TrimSuffix(srvs[0].Target, "."), strconv.Itoa(int(srvs[0].Port))), nil
}

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

// options translates the endpoint into go-xmpp's options. SCRAM is required: PLAIN is
// never offered the password.
func (e endpoint) options(jid, password string) goxmpp.Options {
	o := goxmpp.Options{
		Host:          e.addr,
		User:          jid,
		Password:      password,
		Resource:      resourceName,
		DialTimeout:   15 * time.Second,
		NoPLAIN:       true,
		Status:        "chat",
		StatusMessage: "folkmoot",
		TLSConfig: &tls.Config{
			ServerName:         e.serverName,
			InsecureSkipVerify: e.insecure, //nolint:gosec // only when configured, with a warning at start
			MinVersion:         tls.VersionTLS12,
		},
	}
	switch e.tls {
	case "starttls":
		o.NoTLS, o.StartTLS = true, true
	case "none":
		o.NoTLS, o.InsecureAllowUnencryptedAuth = true, true
	}
	return o
}

// dial logs in, giving up after timeout. go-xmpp has no context, so a login that is still
// hanging is abandoned and closed if it ever completes.
func dial(ctx context.Context, opts goxmpp.Options, timeout time.Duration) (*goxmpp.Client, error) {
	type result struct {
		c   *goxmpp.Client
		err error
	}
	ch := make(chan result, 1)
	go func() {
		c, err := opts.NewClient()
		ch <- result{c, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case r := <-ch:
		return r.c, r.err
	case <-ctx.Done():
	case <-timer.C:
	}
	go func() {
		if r := <-ch; r.c != nil {
			_ = r.c.Close()
		}
	}()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return nil, errTimeout
}

// isPermanent tells configuration mistakes (wrong password, untrusted certificate) from
// network trouble: at start-up they end Run instead of being retried forever. go-xmpp
// flattens some errors to text, hence the string checks.
func isPermanent(err error) bool {
	var verify *tls.CertificateVerificationError
	if errors.As(err, &verify) || errors.Is(err, errUnsupportedLibrary) {
		return true
	}
	s := err.Error()
	for _, p := range []string{"auth failure", "x509:", "certificate", "refusing to authenticate", "StartTLS is"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// conn is one logged-in session: go-xmpp did the login, the adapter reads and writes the
// stream itself, and requests wait here for the answers the read loop delivers.
type conn struct {
	client *goxmpp.Client
	raw    net.Conn
	dec    *xml.Decoder
	jid    string // our full JID

	wmu      sync.Mutex
	mu       sync.Mutex
	iqs      map[string]chan *iq
	echoes   map[string]echo
	done     chan struct{}
	readDone chan struct{}
	once     sync.Once
	lastRecv atomic.Int64 // unix nanoseconds of the last stanza read
}

// echo waits for the room to reflect one of our messages, the proof it was delivered.
type echo struct {
	room string
	ch   chan error
}

// newConn takes over the stream of a logged-in client.
//
// go-xmpp's Recv drops what a MUC bot needs: it decodes every <x/> child of a message into
// its OOB field (so invitations and legacy delays vanish) and keeps no MUC status codes
// (kick, nick change, self-presence). So after login the adapter reads the stream itself,
// through go-xmpp's own decoder so that no buffered byte is lost, and never calls Recv.
// Both fields are unexported in go-xmpp v0.3.7; if a version renames them this fails
// loudly at connect, and the integration tests catch it.
func newConn(c *goxmpp.Client) (*conn, error) {
	v := reflect.ValueOf(c).Elem()
	pf, cf := v.FieldByName("p"), v.FieldByName("conn")
	if !pf.IsValid() || pf.Type() != reflect.TypeFor[*xml.Decoder]() ||
		!cf.IsValid() || cf.Type() != reflect.TypeFor[net.Conn]() {
		return nil, errUnsupportedLibrary
	}
	dec := *(**xml.Decoder)(unsafe.Pointer(pf.UnsafeAddr()))
	raw := *(*net.Conn)(unsafe.Pointer(cf.UnsafeAddr()))
	if dec == nil || raw == nil {
		return nil, errors.New("xmpp: go-xmpp returned a client without a stream")
	}
	cn := &conn{
		client:   c,
		raw:      raw,
		dec:      dec,
		jid:      c.JID(),
		iqs:      map[string]chan *iq{},
		echoes:   map[string]echo{},
		done:     make(chan struct{}),
		readDone: make(chan struct{}),
	}
	cn.lastRecv.Store(time.Now().UnixNano())
	return cn, nil
}

// write sends one raw stanza; writes are serialised so stanzas never interleave.
func (c *conn) write(stanza string) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.closed() {
		return errClosed
	}
	// A socket that stops draining must not hang the caller; the ping notices it anyway.
	_ = c.raw.SetWriteDeadline(time.Now().Add(writeTimeout))
	if _, err := c.client.SendOrg(stanza); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

// request sends an IQ and waits for its result by ID; an error answer becomes a
// *stanzaError.
func (c *conn) request(ctx context.Context, iqType, to, payload string, timeout time.Duration) (*iq, error) {
	id := newID()
	ch := make(chan *iq, 1)
	c.mu.Lock()
	c.iqs[id] = ch
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.iqs, id)
		c.mu.Unlock()
	}()
	if err := c.write(iqStanza(iqType, to, id, payload)); err != nil {
		return nil, err
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case v := <-ch:
		if v.Type == "error" {
			return nil, v.Error.asError()
		}
		return v, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-c.done:
		return nil, errClosed
	case <-timer.C:
		return nil, errTimeout
	}
}

// resolve hands an IQ answer to the request waiting for it.
func (c *conn) resolve(v *iq) {
	c.mu.Lock()
	ch, ok := c.iqs[v.ID]
	c.mu.Unlock()
	if ok {
		ch <- v
	}
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
		go func() {
			_ = c.raw.SetWriteDeadline(time.Now().Add(2 * time.Second))
			c.wmu.Lock()
			_, _ = c.client.SendOrg("</stream:stream>")
			c.wmu.Unlock()
			select {
			case <-c.readDone:
			case <-time.After(2 * time.Second):
			}
			_ = c.raw.Close()
		}()
	})
}

// newID makes a random stanza ID.
func newID() string {
	var b [9]byte
	_, _ = rand.Read(b[:])
	return "fm-" + hex.EncodeToString(b[:])
}
