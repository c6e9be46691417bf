package xmpp

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rs/zerolog"

	"folkmoot/bot"
)

// readLoop reads stanzas until the connection fails or is shut.
func (t *Transport) readLoop(ctx context.Context, c *conn) error {
	defer close(c.readDone)
	for {
		st, err := readStanza(c.dec)
		if c.closed() {
			return errClosed
		}
		if err != nil {
			return fmt.Errorf("read: %w", err)
		}
		c.lastRecv.Store(time.Now().UnixNano())
		switch v := st.(type) {
		case *message:
			t.onMessage(ctx, c, v)
		case *presence:
			t.onPresence(ctx, c, v)
		case *iq:
			t.onIQ(c, v)
		}
	}
}

// onIQ answers pings, refuses other requests and hands results to waiting requests.
func (t *Transport) onIQ(c *conn, v *iq) {
	switch v.Type {
	case "get", "set":
		if v.Type == "get" && v.Payload != nil && v.Payload.XMLName.Space == nsPing {
			_ = c.write(fmt.Sprintf("<iq type='result' to='%s' id='%s'/>", esc(v.From), esc(v.ID)))
			return
		}
		_ = c.write(iqError(v.From, v.ID, "service-unavailable"))
	case "result", "error":
		c.resolve(v)
	}
}

// occupantPresence extracts what the tracker needs from a room presence.
func occupantPresence(nick string, p *presence) mucPresence {
	mp := mucPresence{Nick: nick, Unavailable: p.Type == "unavailable"}
	if p.MUC != nil && len(p.MUC.Items) > 0 {
		it := p.MUC.Items[0]
		mp.Role, mp.Affiliation, mp.JID = it.Role, it.Affiliation, it.JID
		if p.MUC.has("303") {
			mp.NewNick = it.Nick
		}
	}
	return mp
}

// onPresence keeps the occupant lists and our own membership up to date.
func (t *Transport) onPresence(ctx context.Context, c *conn, p *presence) {
	roomJID, nick := bareJID(p.From), resource(p.From)
	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.rooms[roomJID]
	if t.conn != c || r == nil || nick == "" {
		return
	}
	switch p.Type {
	case "error":
		if nick == r.nick && r.state == roomJoining {
			t.joinFailedLocked(ctx, c, r, p.Error.asError().Condition)
		}
		return
	case "", "unavailable":
	default:
		return
	}
	mp := occupantPresence(nick, p)
	if nick == r.nick || p.MUC.has("110") {
		t.onSelfPresence(ctx, c, r, mp, p.MUC)
		return
	}
	if r.state == roomRemoved {
		return
	}
	if ch := r.occ.apply(mp); ch.Kind == changeRenamed {
		t.log.Debug().Str("room", r.jid).Str("from", ch.From).Str("to", ch.Nick).Msg("nick change")
	}
}

// onMessage handles invitations, bounces and room messages.
func (t *Transport) onMessage(ctx context.Context, c *conn, m *message) {
	if inv, ok := parseInvitation(m); ok {
		t.onInvite(ctx, c, inv)
		return
	}
	switch m.Type {
	case "error":
		t.onMessageError(c, m)
		return
	case "groupchat":
	default:
		return // the bot lives in rooms; private messages are not commands
	}
	roomJID, nick := bareJID(m.From), resource(m.From)
	t.mu.Lock()
	r := t.rooms[roomJID]
	if t.conn != c || r == nil || r.state == roomRemoved || nick == "" {
		t.mu.Unlock()
		return
	}
	if nick == r.nick {
		t.mu.Unlock()
		if m.OriginID.ID != "" {
			c.echoed(m.OriginID.ID, nil)
		}
		return
	}
	if strings.TrimSpace(m.Body) == "" {
		t.mu.Unlock()
		return
	}
	if delayed(m) {
		t.mu.Unlock()
		t.log.Debug().Str("room", roomJID).Msg("skipped a delayed message: never run an old command")
		return
	}
	sender, ownNick := r.occ.member(nick), r.nick
	t.mu.Unlock()
	text, mentioned := addressed(m.Body, ownNick)
	t.dispatcher().push(bot.Message{
		Room:      bot.Room{Protocol: bot.XMPP, ID: roomJID},
		Sender:    sender,
		Text:      text,
		ID:        messageID(m, roomJID),
		Time:      t.now(),
		Mentioned: mentioned,
	})
}

// onMessageError fails Sends waiting on the room; "not-acceptable" means the room no longer
// counts us as an occupant (it restarted under us), so join again.
func (t *Transport) onMessageError(c *conn, m *message) {
	roomJID := bareJID(m.From)
	se := m.Error.asError()
	t.log.Warn().Str("room", roomJID).Str("error", se.Condition).Msg("the server bounced a message")
	c.failRoom(roomJID, se)
	if se.Condition != "not-acceptable" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if r := t.rooms[roomJID]; r != nil && t.conn == c && r.state == roomJoined {
		t.joinLocked(c, r)
	}
}

// delayed reports a message stamped as sent earlier (XEP-0203, or legacy XEP-0091): room
// history or an offline message. Those are never run as commands.
func delayed(m *message) bool {
	return m.Delay != nil || m.LegacyDelay != nil
}

// messageID is the room's stable ID for the message (XEP-0359 stanza-id by the room), else
// the sender's origin-id, else the stanza's id.
func messageID(m *message, roomJID string) string {
	for _, s := range m.StanzaIDs {
		if s.ID != "" && bareJID(s.By) == roomJID {
			return s.ID
		}
	}
	if m.OriginID.ID != "" {
		return m.OriginID.ID
	}
	return m.ID
}

// addressed strips a leading address to the bot ("folkmoot: help", "@folkmoot, help"), as
// clients insert the nick when completing it.
func addressed(text, nick string) (string, bool) {
	s := strings.TrimLeftFunc(text, unicode.IsSpace)
	at := strings.HasPrefix(s, "@")
	s = strings.TrimPrefix(s, "@")
	if nick == "" || len(s) < len(nick) || !strings.EqualFold(s[:len(nick)], nick) {
		return text, false
	}
	rest := s[len(nick):]
	r, size := utf8.DecodeRuneInString(rest)
	switch {
	case rest == "":
		return "", true
	case r == ':' || r == ',':
		return strings.TrimSpace(rest[size:]), true
	case unicode.IsSpace(r) && at:
		return strings.TrimSpace(rest), true
	}
	return text, false
}

// invitation is an invite to a room: direct (XEP-0249) or mediated by the room (XEP-0045).
type invitation struct {
	Room string
	From string // the inviter's JID as the server (direct) or the room (mediated) states it
	Kind string // "direct" or "mediated"
}

// parseInvitation finds an invitation in a message. A mediated invite comes from the room
// and names the inviter; servers often add a direct-invite element to it too, so the
// mediated form is checked first.
func parseInvitation(m *message) (invitation, bool) {
	// Without a sender there is neither a room (mediated) nor an inviter (direct) to trust.
	if m.Type == "error" || m.Type == "groupchat" || bareJID(m.From) == "" {
		return invitation{}, false
	}
	if m.MUC != nil {
		for _, inv := range m.MUC.Invites {
			if inv.From != "" {
				return invitation{Room: bareJID(m.From), From: inv.From, Kind: "mediated"}, true
			}
		}
	}
	if m.Conference != nil && m.Conference.JID != "" {
		return invitation{Room: bareJID(m.Conference.JID), From: m.From, Kind: "direct"}, true
	}
	return invitation{}, false
}

// dispatcher delivers messages to the handler in order per room, one goroutine per room, so
// a slow command in one room never holds up another, and the read loop never waits on a
// handler (a handler's Send waits for the read loop to see the room's echo).
type dispatcher struct {
	ctx     context.Context
	deliver func(context.Context, bot.Message)
	log     zerolog.Logger

	mu      sync.Mutex
	queues  map[string]chan bot.Message
	stopped bool
	wg      sync.WaitGroup
}

// queueSize bounds the messages waiting per room; beyond it the room is flooding and the
// surplus is dropped with a warning rather than blocking the connection.
const queueSize = 128

func newDispatcher(ctx context.Context, deliver func(context.Context, bot.Message), log zerolog.Logger) *dispatcher {
	return &dispatcher{ctx: ctx, deliver: deliver, log: log, queues: map[string]chan bot.Message{}}
}

func (d *dispatcher) push(msg bot.Message) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.stopped {
		return
	}
	q, ok := d.queues[msg.Room.ID]
	if !ok {
		q = make(chan bot.Message, queueSize)
		d.queues[msg.Room.ID] = q
		d.wg.Add(1)
		go d.work(q)
	}
	select {
	case q <- msg:
	default:
		d.log.Warn().Str("room", msg.Room.ID).Msg("too many messages waiting; dropped one")
	}
}

func (d *dispatcher) work(q chan bot.Message) {
	defer d.wg.Done()
	for msg := range q {
		if d.ctx.Err() == nil {
			d.deliver(d.ctx, msg)
		}
	}
}

// stop lets the queued messages drain (undelivered once ctx is done) and waits.
func (d *dispatcher) stop() {
	d.mu.Lock()
	d.stopped = true
	for _, q := range d.queues {
		close(q)
	}
	d.mu.Unlock()
	d.wg.Wait()
}

// dispatcher returns the current run's dispatcher.
func (t *Transport) dispatcher() *dispatcher {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.dispatch
}
