package xmpp

import (
	"context"
	"encoding/base64"
	"strings"
	"time"

	"folkmoot/bot"
)

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

// onPresence keeps the occupant lists and our own membership up to date. mellium's MUC
// client passes on neither other occupants' presence nor status codes, so this reads the
// presences themselves.
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

// onMessage handles invitations, bounces, room messages and private messages within rooms.
func (t *Transport) onMessage(ctx context.Context, c *conn, m *message) {
	if inv, ok := parseInvitation(m); ok {
		t.onInvite(inv)
		return
	}
	switch m.Type {
	case "error":
		t.onMessageError(c, m)
	case "groupchat":
		t.onGroupchat(c, m)
	case "chat", "", "normal":
		t.onPrivate(ctx, c, m)
	}
}

// onGroupchat handles one room message: the subject that ends the history, our own echoes,
// and what people say, live or (while catching up) from the history.
func (t *Transport) onGroupchat(c *conn, m *message) {
	roomJID, nick := bareJID(m.From), resource(m.From)
	t.mu.Lock()
	r := t.rooms[roomJID]
	if t.conn != c || r == nil || r.state == roomRemoved {
		t.mu.Unlock()
		return
	}
	if m.Subject != nil && m.Body == "" {
		// XEP-0045 §7.2.16: the subject comes right after the history.
		if r.state == roomJoined && !r.caughtUp {
			t.log.Debug().Str("room", r.jid).Int("commands", len(r.backlog)).Msg("caught up with the room's history")
			t.caughtUpLocked(r)
		}
		t.mu.Unlock()
		return
	}
	if nick == "" {
		// XEP-0045 §10.2.1: status 172 says the room now shows real JIDs to everyone.
		if m.MUC.has("172") && !delayed(m) && r.state == roomJoined && r.occ.hidden() > 0 {
			t.resyncLocked(c, r, "the room became non-anonymous")
		}
		t.mu.Unlock()
		return
	}
	id := messageID(m, roomJID)
	r.noteAuthor(id, nick)
	if stamp, ok := delayStamp(m); ok && !r.caughtUp {
		r.noteHistory(id, stamp)
	}
	if nick == r.nick {
		if m.OriginID.ID != "" {
			r.noteOwn(m.OriginID.ID)
		}
		t.mu.Unlock()
		if m.OriginID.ID != "" && !delayed(m) {
			c.echoed(m.OriginID.ID, nil)
		}
		return
	}
	catchingUp, firstJoin := !r.caughtUp, r.firstJoin
	sender, ownNick := r.occ.member(nick), r.nick
	t.mu.Unlock()

	log := t.log.With().Str("room", roomJID).Str("id", id).Logger()
	switch {
	case m.Reactions != nil:
		// XEP-0444: a live reaction goes on (one from the history would need its own
		// bookkeeping of what was seen, for a line in a meeting's log); none left is a take-back.
		key := strings.Join(m.Reactions.Reaction, "")
		if delayed(m) || id == "" || m.Reactions.ID == "" || strings.TrimSpace(key) == "" {
			return
		}
		t.handOn(c, r, nick, bot.Message{Room: bot.Room{Protocol: bot.XMPP, ID: roomJID}, Sender: sender, ID: id,
			Time: t.now(), Reaction: &bot.Reaction{To: m.Reactions.ID, Key: key}})
		return
	case strings.TrimSpace(m.Body) == "":
		return
	case m.Replace != nil:
		// XEP-0308: an edit is not a new command, as on Matrix.
		log.Debug().Msg("skipped a correction: edits are never run")
		return
	}
	said, history := t.now(), delayed(m)
	if history {
		// The runtime runs what it has not handled yet within the catch-up window; what only
		// XMPP can tell is decided here.
		stamp, ok := delayStamp(m)
		first, _ := t.records.firstJoinOf(roomJID)
		switch {
		case !catchingUp || !ok:
			log.Debug().Msg("skipped a delayed message outside the join's history")
			return
		case firstJoin:
			return // said before the bot ever joined
		case id == "":
			// A live message is delivered once; one from the history may come again at every
			// join, and without an ID the runtime cannot tell that it ran.
			log.Debug().Time("said", stamp).Msg("skipped history without an ID")
			return
		case first.saidBefore(id, stamp):
			log.Debug().Time("said", stamp).Msg("skipped history said before the bot first joined the room")
			return
		}
		log.Debug().Time("said", stamp).Msg("handing on a message of the join's history")
		said = stamp
	}
	text, mentioned := bot.StripAddress(m.Body, ownNick)
	msg := bot.Message{
		Room:      bot.Room{Protocol: bot.XMPP, ID: roomJID},
		Sender:    sender,
		Text:      text,
		ID:        id,
		Time:      said,
		History:   history,
		Mentioned: mentioned,
	}
	t.handOn(c, r, nick, msg)
}

// handOn gives the runtime a message of a room, or holds it until the room's history or its
// occupant list is in, so the room's events keep their order.
func (t *Transport) handOn(c *conn, r *room, nick string, msg bot.Message) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if msg.Sender.Anonymous {
		msg.Sender = r.occ.member(nick) // the occupant list may have been resent meanwhile
	}
	switch {
	case t.conn == c && !r.caughtUp:
		r.backlog = append(r.backlog, msg)
	case t.conn == c && !r.resyncSent.IsZero():
		// Held until the occupant list is back: it may show who a hidden sender is. Every
		// message waits, so the room's commands keep their order.
		r.held = append(r.held, msg)
	default:
		t.enqueueLocked(msg)
	}
}

// onPrivate handles a private message to the bot within a room (XEP-0045 §7.5): it reaches
// the same commands, and its ID marks it so that the answer goes back privately.
func (t *Transport) onPrivate(ctx context.Context, c *conn, m *message) {
	roomJID, nick := bareJID(m.From), resource(m.From)
	t.mu.Lock()
	r := t.rooms[roomJID]
	if t.conn != c || r == nil || r.state != roomJoined || nick == "" || nick == r.nick {
		t.mu.Unlock()
		return
	}
	sender, ownNick := r.occ.member(nick), r.nick
	t.mu.Unlock()
	if strings.TrimSpace(m.Body) == "" || m.Replace != nil || delayed(m) {
		return
	}
	id := m.ID
	if id == "" {
		id = m.OriginID.ID
	}
	if id == "" {
		// The core runs a command once per ID, so a shared "" would skip every id-less private
		// command after the first. A fresh one is safe: private messages are not in the room's
		// history, so catching up never brings one back to be run twice.
		id = newID()
	}
	text, _ := bot.StripAddress(m.Body, ownNick)
	ref := privateRef{nick: nick, id: id}
	if !sender.Anonymous {
		ref.jid = sender.ID
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.enqueueLocked(bot.Message{
		Room:      bot.Room{Protocol: bot.XMPP, ID: roomJID},
		Sender:    sender,
		Text:      text,
		ID:        privateID(ref),
		Time:      t.now(),
		Mentioned: true, // said to the bot alone
		// Only the author reads the answers (they go back privately), so they may say what
		// the room must not hear, such as a secret ballot's choice.
		Private: true,
	})
}

// privateRef is where the answer to a private message goes: its author, by nick and (where
// the room shows it) real JID, and the message's own ID.
type privateRef struct{ nick, jid, id string }

// privateID marks the ID of a private message with its author, so that the reply to it
// (Reply.InReplyTo) goes back to them privately, also from the outbox after a restart. With
// the real JID the answer can never reach someone who took the nick since.
//
// The JID rides inside the "pm:" form that every version reads: "pm:<nick>:jid=<jid>:<id>",
// nick and JID in base64. A version from before the JID, run again after a downgrade, reads
// "jid=<jid>:<id>" as the message's ID and still answers privately by nick; any other prefix
// would have it post the answer, which may name a secret choice, in the room.
func privateID(ref privateRef) string {
	s := "pm:" + base64.RawURLEncoding.EncodeToString([]byte(ref.nick)) + ":"
	if ref.jid != "" || strings.HasPrefix(ref.id, jidField) {
		// An author's own ID that begins like the field gets an empty one in front, so that
		// it is never read as a JID (which would send the answer to someone else).
		s += jidField + base64.RawURLEncoding.EncodeToString([]byte(ref.jid)) + ":"
	}
	return s + ref.id
}

// jidField opens the real JID after the nick in a private message's ID.
const jidField = "jid="

// parsePrivateID is the inverse of privateID. It also reads what privateID wrote before:
// nick-only IDs ("pm:<nick>:<id>", where the ID may begin with anything, even "jid=" without
// valid base64 after it).
func parsePrivateID(s string) (privateRef, bool) {
	rest, ok := strings.CutPrefix(s, "pm:")
	if !ok {
		return privateRef{}, false
	}
	nick, rest, ok := cutBase64(rest)
	if !ok || nick == "" {
		return privateRef{}, false
	}
	ref := privateRef{nick: nick, id: rest}
	if field, ok := strings.CutPrefix(rest, jidField); ok {
		if jid, id, ok := cutBase64(field); ok {
			ref.jid, ref.id = jid, id
		}
	}
	return ref, true
}

// cutBase64 decodes what comes before the first ':' of s and returns it with the rest; ok is
// false without a ':' or when it is no base64.
func cutBase64(s string) (decoded, rest string, ok bool) {
	enc, rest, ok := strings.Cut(s, ":")
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	return string(raw), rest, ok && err == nil
}

// enqueueLocked hands a message to the runtime, which keeps the room's order, so the stream
// reader never waits on a handler; t.mu is held.
func (t *Transport) enqueueLocked(msg bot.Message) {
	in, ctx := t.in, t.runCtx
	if in == nil || ctx.Err() != nil {
		return // stopping: the next join's history brings it back
	}
	in.Deliver(ctx, msg)
}

// onMessageError fails Sends waiting on the room; "not-acceptable" means the room no longer
// counts us as an occupant (it restarted under us), so join again.
//
// A bounce from room/nick is a private message that did not reach that occupant (most often
// they left): it says nothing about the room, so room posts wait on and the bot stays. It
// is only logged, without the nick or the text, which may name a secret choice.
func (t *Transport) onMessageError(c *conn, m *message) {
	roomJID := bareJID(m.From)
	se := m.Error.asError()
	if resource(m.From) != "" {
		t.log.Info().Str("room", roomJID).Str("error", se.Condition).Msg("the server bounced a private message")
		return
	}
	t.log.Warn().Str("room", roomJID).Str("error", se.Condition).Msg("the server bounced a message")
	c.failRoom(roomJID, se)
	if se.Condition == "not-acceptable" {
		t.joinAgain(c, roomJID)
	}
}

// joinAgain joins a room the bot believed it was in but the room says it is not.
func (t *Transport) joinAgain(c *conn, roomJID string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if r := t.rooms[roomJID]; r != nil && t.conn == c && r.state == roomJoined {
		t.joinLocked(c, r)
	}
}

// delayed reports a message stamped as sent earlier (XEP-0203, or legacy XEP-0091): room
// history or an offline message.
func delayed(m *message) bool {
	return m.Delay != nil || m.LegacyDelay != nil
}

// delayStamp is when a delayed message was said (XEP-0203 only; legacy stamps are not
// trusted for catching up).
func delayStamp(m *message) (time.Time, bool) {
	if m.Delay == nil {
		return time.Time{}, false
	}
	ts, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(m.Delay.Stamp))
	return ts, err == nil
}

// messageID is the room's stable ID for the message (XEP-0359 stanza-id by the room), else
// the stanza's id (what XEP-0461 replies point at without a stanza-id), else the sender's
// origin-id.
//
// The last two are chosen by the sender. One that looks like a private message's ID ("pm:...")
// could send the answers to a room message privately to whichever occupant it names, so it
// gets a prefix that no private ID has. Only the sender's own reply reference suffers.
func messageID(m *message, roomJID string) string {
	id := m.ID
	for _, s := range m.StanzaIDs {
		if s.ID != "" && bareJID(s.By) == roomJID {
			id = s.ID
			break
		}
	}
	if id == "" {
		id = m.OriginID.ID
	}
	if strings.HasPrefix(id, "pm:") {
		return "room:" + id
	}
	return id
}

// invitation is an invite to a room: direct (XEP-0249) or mediated by the room (XEP-0045).
type invitation struct {
	Room string
	From string // the inviter's JID as the server (direct) or the room (mediated) states it
	Kind string // "direct" or "mediated"
	ID   string // the stanza's ID, when it has one
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
				return invitation{Room: bareJID(m.From), From: inv.From, Kind: "mediated", ID: m.ID}, true
			}
		}
	}
	if m.Conference != nil && m.Conference.JID != "" {
		return invitation{Room: bareJID(m.Conference.JID), From: m.From, Kind: "direct", ID: m.ID}, true
	}
	return invitation{}, false
}
