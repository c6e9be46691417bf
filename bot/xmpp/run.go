package xmpp

import (
	"context"
	"errors"
	"fmt"
	"time"

	"folkmoot/bot"
)

// errPingTimeout is a connection that stopped answering XEP-0199 pings.
var errPingTimeout = errors.New("xmpp: the server stopped answering pings")

// Run connects, joins the rooms and delivers their messages until ctx is done, reconnecting
// with backoff (1 s doubling to 60 s) whenever the connection drops. A configuration
// mistake (wrong password, untrusted certificate) on the very first login ends Run with
// the error instead.
func (t *Transport) Run(ctx context.Context, deliver func(context.Context, bot.Message)) error {
	if err := t.loadRooms(ctx); err != nil {
		return err
	}
	d := newDispatcher(ctx, deliver, t.log)
	t.mu.Lock()
	t.dispatch = d
	t.mu.Unlock()
	defer d.stop()

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
		timer := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-timer.C:
		}
		backoff = min(2*backoff, t.tune.maxBackoff)
	}
}

// session is one connection: log in, join every room, read until it breaks. up reports
// whether the login succeeded.
func (t *Transport) session(ctx context.Context) (up bool, err error) {
	addr, err := resolve(ctx, t.cfg.JID, t.cfg.Server, t.cfg.TLS)
	if err != nil {
		return false, err
	}
	ep := t.endpoint(addr)
	opts := ep.options(t.cfg.JID, t.cfg.Password)
	if t.tune.trace != nil {
		opts.Debug, opts.DebugWriter = true, t.tune.trace
	}
	client, err := dial(ctx, opts, t.tune.loginTimeout)
	if err != nil {
		return false, fmt.Errorf("login to %s: %w", addr, err)
	}
	c, err := newConn(client)
	if err != nil {
		_ = client.Close()
		return false, err
	}
	t.log.Info().Str("server", addr).Str("jid", c.jid).Str("tls", ep.tls).Str("auth", client.Mechanism).Msg("connected")

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

	readErr := make(chan error, 1)
	go func() { readErr <- t.readLoop(ctx, c) }()
	t.joinAll(c, false)
	return true, t.keepAlive(ctx, c, readErr)
}

// keepAlive pings the server when the connection has been quiet, so a dead TCP connection
// (no FIN, e.g. a frozen server or a dropped NAT mapping) is noticed within
// pingEvery+pingTimeout. It also retries joins that went unanswered.
func (t *Transport) keepAlive(ctx context.Context, c *conn, readErr <-chan error) error {
	tick := time.NewTicker(t.tune.pingEvery)
	defer tick.Stop()
	pingFailed := make(chan error, 1)
	pinging := false
	pingDone := make(chan struct{}, 1)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-readErr:
			return err
		case err := <-pingFailed:
			return err
		case <-pingDone:
			pinging = false
		case <-tick.C:
			t.joinAll(c, true)
			idle := time.Since(time.Unix(0, c.lastRecv.Load()))
			if pinging || idle < t.tune.pingEvery {
				continue
			}
			pinging = true
			go func() {
				defer func() { pingDone <- struct{}{} }()
				_, err := c.request(ctx, "get", t.domain, "<ping xmlns='urn:xmpp:ping'/>", t.tune.pingTimeout)
				if errors.Is(err, errTimeout) {
					pingFailed <- errPingTimeout
				}
			}()
		}
	}
}
