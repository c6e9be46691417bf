// Package xmpp connects folkmoot to XMPP multi-user chats (XEP-0045) behind bot.Transport.
//
// It stands on mellium.im/xmpp: SCRAM over STARTTLS or direct TLS; its mux routes the
// stream and its ping package answers and sends XEP-0199 pings; its muc client joins the
// configured rooms and those a bot admin invited the bot to (remembered in bot.KV), asking
// for history since a time; stanzas are its stanza types around typed payloads, which the
// session encodes; reconnection with backoff on the adapter's clock; XEP-0363 uploads. On each join it reads
// the room's history since the bot first joined it, at most the catch-up window back, and
// hands it to the runtime, whose ledger runs each message once; the history also settles the
// replies whose delivery a stop left uncertain, so that every reply is posted once (see
// once.go). Occupants and MUC status codes are tracked here, on top of the stream. Only this
// package imports the XMPP library.
package xmpp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/config"
)

// Transport is the XMPP side of folkmoot.
type Transport struct {
	cfg    *config.XMPP
	kv     bot.KV
	log    zerolog.Logger
	domain string
	nick   string // nick for rooms joined by invitation
	tune   tuning
	clock  clock // the adapter's time (see clock.go)

	catchUp time.Duration

	mu     sync.Mutex
	conn   *conn            // nil while disconnected
	rooms  map[string]*room // by bare room JID
	in     bot.Inbox
	runCtx context.Context // Run's context, for the queued deliveries
	// records are what XMPP forces the adapter to remember (once.go); loaded by Run.
	records *records
	upload  *uploadService // discovered once per connection
}

// tuning holds the timings; tests shorten them.
type tuning struct {
	minBackoff, maxBackoff time.Duration
	pingEvery, pingTimeout time.Duration
	selfPingEvery          time.Duration // how often each joined room is asked whether the bot is still in it
	loginTimeout           time.Duration
	sendTimeout            time.Duration
	joinTimeout            time.Duration
	historyTimeout         time.Duration // a join's history must end (with the subject) in this time
	trace                  io.Writer     // raw XML of the connection, for debugging tests
	// cutAfterFirstWrite drops the first connection right after the first room message
	// leaves, before its echo can come back: the timing of a stop that the exactly-once
	// tests need to produce at will.
	cutAfterFirstWrite bool
}

var defaultTuning = tuning{
	minBackoff:  time.Second,
	maxBackoff:  time.Minute,
	pingEvery:   30 * time.Second,
	pingTimeout: 15 * time.Second,
	// A room can lose the bot without a word (a stale session of the same address leaving
	// after a quick restart's join); the first self-ping comes at the first ping tick after
	// each join, then at this pace.
	selfPingEvery: 5 * time.Minute,
	loginTimeout:  45 * time.Second,
	sendTimeout:   15 * time.Second,
	joinTimeout:   30 * time.Second,
	// Past this, a room that sent no subject after its history is taken as caught up.
	historyTimeout: 10 * time.Second,
}

var (
	_ bot.Transport     = (*Transport)(nil)
	_ bot.AdminChecker  = (*Transport)(nil)
	_ bot.Uploader      = (*Transport)(nil)
	_ bot.MemberLister  = (*Transport)(nil)
	_ bot.PrivateSender = (*Transport)(nil)
	_ bot.Joiner        = (*Transport)(nil)
)

// New makes the transport; it connects when Run is called.
func New(cfg *config.XMPP, kv bot.KV, log zerolog.Logger, now func() time.Time) (*Transport, error) {
	if cfg == nil {
		return nil, errors.New("xmpp: no configuration")
	}
	if kv == nil {
		return nil, errors.New("xmpp: no key-value store")
	}
	if cfg.TLS == "none" && (cfg.Server == "" || !isLoopback(cfg.Server)) {
		return nil, fmt.Errorf("xmpp.tls: none is only allowed for a server on this machine (got server %q)", cfg.Server)
	}
	log = log.With().Str("protocol", string(bot.XMPP)).Logger()
	if cfg.InsecureSkipVerify {
		log.Warn().Msg("xmpp.insecure_skip_verify is set: the server's TLS certificate is NOT checked; anyone on the path can read the bot's traffic")
	}
	if cfg.TLS == "none" {
		log.Warn().Msg("xmpp.tls is none: unencrypted connection (loopback only)")
	}
	t := &Transport{
		cfg:   cfg,
		kv:    kv,
		log:   log,
		tune:  defaultTuning,
		clock: nowClock{now: now},
		rooms: map[string]*room{},
		// xmpp.catch_up; the default for a config built without config.Parse.
		catchUp: cfg.CatchUpOr(defaultCatchUp),
	}
	local, domain, _ := strings.Cut(cfg.JID, "@")
	t.domain = strings.ToLower(domain)
	t.nick = local
	for _, rc := range cfg.Rooms {
		jid := bareJID(rc.JID)
		nick := rc.Nick
		if nick == "" {
			nick = local
		}
		if len(t.rooms) == 0 {
			t.nick = nick // invited rooms use the first configured room's nick
		}
		t.rooms[jid] = newRoom(jid, nick, false)
	}
	return t, nil
}

// Protocol names the network.
func (t *Transport) Protocol() bot.Protocol { return bot.XMPP }

// RoomsAtOnce implements bot.ParallelSender: a room message waits for the room to reflect
// it, so the outbox sends to several rooms over the one stream at once rather than wait for
// each room's reflection in a row.
func (t *Transport) RoomsAtOnce() int { return 8 }

// now is the time on the transport's clock.
func (t *Transport) now() time.Time { return t.clock.Now() }

// current returns the live connection, or nil.
func (t *Transport) current() *conn {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.conn
}
