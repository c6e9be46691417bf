package xmpp

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"time"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/ping"
	"mellium.im/xmpp/stanza"

	"folkmoot/bot"
)

// errPingTimeout is a connection that stopped answering XEP-0199 pings.
var errPingTimeout = errors.New("xmpp: the server stopped answering pings")

// Run connects, joins the rooms and delivers their messages until ctx is done, reconnecting
// with backoff (1 s doubling to 60 s) whenever the connection drops. A configuration
// mistake (wrong password, untrusted certificate) on the very first login ends Run with
// the error instead. When ctx ends, the commands already being handled finish (and their
// replies are confirmed by the rooms) before the connection closes.
func (t *Transport) Run(ctx context.Context, in bot.Inbox) error {
	if err := t.loadRooms(ctx); err != nil {
		return err
	}
	recs, err := loadRecords(ctx, t.kv, t.log, t.now())
	if err != nil {
		return fmt.Errorf("xmpp: read delivery records: %w", err)
	}
	t.mu.Lock()
	t.in, t.records, t.runCtx = in, recs, ctx
	t.mu.Unlock()
	defer in.Settle()

	backoff := t.tune.minBackoff
	everUp := false
	for {
		up, err := t.session(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if up {
			everUp = true
			backoff = t.tune.minBackoff
		} else if !everUp && isPermanent(err) {
			return err // the core names the protocol
		}
		t.log.Warn().Err(err).Dur("retry_in", backoff).Msg("disconnected; reconnecting")
		timer := t.clock.NewTimer(backoff)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-timer.C():
		}
		backoff = min(2*backoff, t.tune.maxBackoff)
	}
}

// session is one connection: log in, join every room, serve the stream until it breaks.
// up reports whether the login succeeded.
func (t *Transport) session(ctx context.Context) (up bool, err error) {
	c, addr, err := t.login(ctx)
	if err != nil {
		if addr == "" {
			return false, fmt.Errorf("login: %w", err)
		}
		return false, fmt.Errorf("login to %s: %w", addr, err)
	}
	t.log.Info().Str("server", addr).Str("jid", c.jid).Str("tls", t.cfg.TLS).Msg("connected")
	if t.tune.cutAfterFirstWrite {
		t.tune.cutAfterFirstWrite = false
		c.afterWrite = func() { _ = c.s.Conn().Close() }
	}

	t.mu.Lock()
	t.conn = c
	t.upload = nil
	t.mu.Unlock()
	defer func() {
		c.shut()
		t.mu.Lock()
		if t.conn == c {
			t.conn = nil
			t.disconnectedLocked()
		}
		t.mu.Unlock()
	}()

	served := make(chan error, 1)
	go func() {
		defer close(c.served)
		served <- c.s.Serve(t.handler(ctx, c))
	}()
	// Initial presence: the server then routes to the bot what is addressed to its bare JID
	// (direct invitations).
	if err := c.write(stanza.Presence{}.Wrap(nil)); err != nil {
		return true, err
	}
	t.joinAll(c, false)
	return true, t.keepAlive(ctx, c, served)
}

// keepAlive pings the server when the connection has been quiet, so a dead TCP connection
// (no FIN, e.g. a frozen server or a dropped NAT mapping) is noticed within
// pingEvery+pingTimeout. It also retries joins that went unanswered. When ctx ends, it lets
// the commands being handled finish on the live connection before returning.
func (t *Transport) keepAlive(ctx context.Context, c *conn, served <-chan error) error {
	tick := t.clock.NewTimer(t.tune.pingEvery)
	defer tick.Stop()
	pingFailed := make(chan error, 1)
	pinging := false
	pingDone := make(chan struct{}, 1)
	for {
		select {
		case <-ctx.Done():
			t.drain()
			return ctx.Err()
		case err := <-served:
			if err == nil {
				err = errClosed
			}
			return err
		case err := <-pingFailed:
			return err
		case <-pingDone:
			pinging = false
		case <-tick.C():
			tick.Reset(t.tune.pingEvery)
			t.joinAll(c, true)
			t.selfPingRooms(ctx, c)
			idle := t.now().Sub(time.Unix(0, c.lastRecv.Load()))
			if pinging || idle < t.tune.pingEvery {
				continue
			}
			pinging = true
			go func() {
				defer func() { pingDone <- struct{}{} }()
				pctx, cancel := t.clock.WithTimeout(ctx, t.tune.pingTimeout)
				defer cancel()
				err := ping.Send(pctx, c.s, c.s.LocalAddr().Domain())
				if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
					pingFailed <- errPingTimeout
				}
			}()
		}
	}
}

// selfPingRooms asks each joined room whose turn has come whether the bot is still in it
// (XEP-0410), and joins again where it is not: a room that lost the bot without a word would
// otherwise leave it deaf to the room's commands. The asks run beside the stream's reader,
// which delivers their answers.
func (t *Transport) selfPingRooms(ctx context.Context, c *conn) {
	t.mu.Lock()
	var due []string
	for _, r := range t.rooms {
		if r.ready() && t.now().Sub(r.selfPinged) >= t.tune.selfPingEvery {
			r.selfPinged = t.now()
			due = append(due, r.jid)
		}
	}
	t.mu.Unlock()
	for _, room := range due {
		go func() {
			if t.selfPing(ctx, c, room) == notJoined && ctx.Err() == nil && !c.closed() {
				t.log.Warn().Str("room", room).Msg("the room no longer counts the bot as an occupant; joining again")
				t.joinAgain(c, room)
			}
		}()
	}
}

// drain waits for the messages being handled, and for the outbox to send their replies,
// before the connection closes.
func (t *Transport) drain() {
	t.mu.Lock()
	in := t.in
	t.mu.Unlock()
	if in != nil {
		in.Drain()
	}
}

// stanzaDecoder reads the element mellium handed over. Its reader starts after the start
// element, which the decoder must see first to match the end element.
func stanzaDecoder(r xml.TokenReader, start *xml.StartElement) *xml.Decoder {
	d := xml.NewTokenDecoder(xmlstream.MultiReader(xmlstream.Token(*start), r))
	_, _ = d.Token() // the start element, handed over again below
	return d
}
