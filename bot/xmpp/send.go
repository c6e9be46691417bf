package xmpp

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"mellium.im/xmpp/ping"
	"mellium.im/xmpp/stanza"

	"folkmoot/bot"
)

// Send posts a reply as a groupchat message and waits until the room reflects it back,
// which is how XMPP confirms delivery in a room (or, when no reflection comes, until a
// self-ping says whether the bot is still in the room). It fails while disconnected or not (yet)
// joined; the core's outbox keeps the reply and retries, so the adapter keeps no queue.
//
// The body is the reply's document with XEP-0393 styling (*bold*, `code`), or plain with the
// <unstyled/> hint when a person's text in it would read as styling. Mentioned members are
// addressed by their current nick, which is what XMPP clients highlight: where the document
// mentions them, and at the start for addressees it does not show. A reply to a command
// points at it (XEP-0461); a reply to a private message goes back privately.
//
// Every reply goes out once: an attempt whose echo did not come back before the connection
// closed is remembered, and its retry first looks for it in the room's history (see once.go).
func (t *Transport) Send(ctx context.Context, rm bot.Room, reply bot.Reply) error {
	if reply.IsZero() {
		return nil
	}
	tg, err := t.target(rm)
	if err != nil {
		return err
	}
	body, unstyled := tg.body(reply)
	out := outgoing{to: tg.room, typ: "groupchat", body: body, unstyled: unstyled}
	if ref, ok := parsePrivateID(reply.InReplyTo); ok {
		return t.sendPrivate(tg, ref, out)
	}
	if reply.InReplyTo != "" {
		out.replyID = reply.InReplyTo
		if author := tg.author(reply.InReplyTo); author != "" {
			out.replyTo = tg.room + "/" + author
		}
	}
	return t.sendOnce(ctx, tg, replyKey(tg.room, reply.InReplyTo, out.body), out)
}

// inFlightWindow is how long after an attempt a room that does not show it yet may still
// reflect it: a message written just before a connection broke can reach the room after the
// bot has joined again.
const inFlightWindow = 15 * time.Second

// sendOnce posts a room message under a stable key: a retry of an attempt the room already
// has is not posted again.
func (t *Transport) sendOnce(ctx context.Context, tg target, key string, out outgoing) error {
	if p, ok := t.records.pendingFor(key); ok {
		switch has, covered := tg.has(p.OriginID, p.At); {
		case has:
			t.log.Info().Str("room", tg.room).Str("origin_id", p.OriginID).
				Msg("the room already has this reply from an earlier attempt; not posting it again")
			t.records.settled(ctx, key)
			return nil
		case !covered:
			// The room's history no longer reaches back to the attempt. Its message left
			// the bot, so it most likely arrived: a duplicate is the worse error here.
			t.log.Warn().Str("room", tg.room).Str("origin_id", p.OriginID).Time("sent", p.At).
				Msg("cannot tell whether an earlier attempt of this reply arrived (the room's history is too short); not posting it again")
			t.records.settled(ctx, key)
			return nil
		case t.now().Sub(p.At) < inFlightWindow:
			// So recent that the room may not have reflected it yet (a connection cut just
			// after the write, and a quick reconnect): look again shortly, when its echo or
			// the next join's history can show it, rather than post it twice.
			return fmt.Errorf("xmpp: the room does not show an attempt of this reply from %s ago yet; looking again shortly",
				t.now().Sub(p.At).Round(time.Millisecond))
		}
		out.id = p.OriginID // the same ID, so a later check finds either attempt
	} else {
		out.id = newID()
	}
	if err := t.records.writing(ctx, key, pendingRecord{Room: tg.room, OriginID: out.id, At: t.now()}); err != nil {
		return fmt.Errorf("xmpp: remember the reply before sending: %w", err)
	}
	if err := t.post(ctx, tg.c, out); err != nil {
		return err // stays pending: the room may have it even so
	}
	t.records.settled(ctx, key)
	return nil
}

// sendPrivate answers a private message privately, to its author. Private messages are not
// reflected, so there is no echo to wait for. The author is found by real JID where the room
// showed it, so an answer that waited in the outbox follows them to a new nick and never
// reaches someone who took their old one; if they have left, the answer is dropped rather
// than posted where others would read it.
func (t *Transport) sendPrivate(tg target, ref privateRef, out outgoing) error {
	nick := tg.authorNick(ref)
	if nick == "" {
		t.log.Warn().Str("room", tg.room).Msg("the author of a private message left; their private answer is dropped")
		return nil
	}
	out.to, out.typ, out.id = tg.room+"/"+nick, "chat", newID()
	out.replyID, out.replyTo = ref.id, tg.room+"/"+nick
	if err := tg.c.write(out.stanza()); err != nil {
		return fmt.Errorf("xmpp: send to %s: %w", tg.room, err)
	}
	return nil
}

// authorNick is the nick a private message's author has now, or "" when they have left: by
// real JID where the message carried one (their nick then if they still have it), else by
// nick alone (an anonymous room, where the nick is all there is).
func (tg target) authorNick(ref privateRef) string {
	tg.t.mu.Lock()
	defer tg.t.mu.Unlock()
	if ref.jid == "" {
		if _, ok := tg.r.occ.byNick[ref.nick]; ok {
			return ref.nick
		}
		return ""
	}
	nicks := tg.r.occ.nicksOf(ref.jid)
	switch {
	case len(nicks) == 0:
		return ""
	case slices.Contains(nicks, ref.nick):
		return ref.nick
	default:
		return nicks[0]
	}
}

// SendPrivate implements bot.PrivateSender: the reply goes to the member whose real JID is
// to as a private message within the room (XEP-0045 §7.5), which no other occupant sees,
// styled and with mentions as in Send. The member is found by real JID, not by nick, so a
// reply that waited in the outbox reaches them under the nick they have now.
//
// A member who is not in the room, or whose address the room hides from the bot, cannot be
// reached privately: the reply is dropped with a log line that leaves out its text, never
// posted in the room, and nil is returned, since an error would hold up the room's outbox
// for someone who may never come back. Private messages are not reflected, so there is no
// echo to wait for and a written message counts as sent.
func (t *Transport) SendPrivate(_ context.Context, rm bot.Room, to string, reply bot.Reply) error {
	if reply.IsZero() {
		return nil
	}
	tg, err := t.target(rm)
	if err != nil {
		return err
	}
	outs := tg.privately(to, reply)
	if len(outs) == 0 {
		t.log.Info().Str("room", tg.room).Str("to", bareJID(to)).
			Msg("the member a private reply is for is not in the room, or the room hides their address; it is dropped, not posted in the room")
		return nil
	}
	for i, out := range outs {
		if err := tg.c.write(out.stanza()); err != nil {
			if i == 0 {
				return fmt.Errorf("xmpp: send privately in %s: %w", tg.room, err)
			}
			// An earlier client of theirs has it: a retry would repeat it there.
			t.log.Warn().Err(err).Str("room", tg.room).Int("reached", i).Int("occupants", len(outs)).
				Msg("a private reply reached only some of the member's occupants")
			return nil
		}
	}
	return nil
}

// privately renders a reply as private messages to the member whose real JID is to, or
// none when the room shows no occupant with that JID. A person may be in a room under several
// nicks at once (one per client): each gets it, since the bot cannot tell which one the
// member reads, and every one of them is that member alone.
func (tg target) privately(to string, reply bot.Reply) []outgoing {
	tg.t.mu.Lock()
	nicks := tg.r.occ.nicksOf(to)
	tg.t.mu.Unlock()
	if len(nicks) == 0 {
		return nil
	}
	body, unstyled := tg.body(reply)
	outs := make([]outgoing, 0, len(nicks))
	for _, n := range nicks {
		outs = append(outs, outgoing{to: tg.room + "/" + n, typ: "chat", id: newID(), body: body, unstyled: unstyled})
	}
	return outs
}

// body is the reply's text as the room shows it (see styledBody).
func (tg target) body(reply bot.Reply) (body string, unstyled bool) {
	return styledBody(reply, tg.nick)
}

// styledBody renders a reply with XEP-0393 styling (or plain, with the <unstyled/> hint) and
// every mentioned member's nick at the start of a line: those the text does not show that way
// are addressed in front ("ana, ben: ..."). The addressees enter the document as mentions
// before it is rendered, so a nick is made inert and weighs in the unstyled decision like any
// other text.
func styledBody(reply bot.Reply, nick func(bot.Member) string) (body string, unstyled bool) {
	body, unstyled = reply.Doc.Styled(nick)
	var missing []bot.Member
	seen := map[string]bool{}
	for _, m := range reply.AllMentions() {
		n := bot.Inert(nick(m))
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		if !startsALine(body, n) {
			missing = append(missing, m)
		}
	}
	if len(missing) == 0 {
		return body, unstyled
	}
	return reply.Doc.Addressing(missing).Styled(nick)
}

// target is a room that can be written to now.
type target struct {
	t    *Transport
	c    *conn
	room string
	r    *room
}

// target returns the connection and room to send to, or why the room cannot be written to
// now.
func (t *Transport) target(rm bot.Room) (target, error) {
	if rm.Protocol != bot.XMPP {
		return target{}, fmt.Errorf("xmpp: not an XMPP room: %s", rm.Key())
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.conn == nil {
		return target{}, errNotConnected
	}
	r, ok := t.rooms[bareJID(rm.ID)]
	if !ok {
		return target{}, fmt.Errorf("xmpp: not in room %s", rm.ID)
	}
	if !r.ready() {
		return target{}, fmt.Errorf("xmpp: not joined to %s (yet)", rm.ID)
	}
	return target{t: t, c: t.conn, room: r.jid, r: r}, nil
}

// nick is the member's current nick in the room, else how they are shown.
func (tg target) nick(m bot.Member) string {
	tg.t.mu.Lock()
	defer tg.t.mu.Unlock()
	if n := tg.r.occ.nick(m.ID); n != "" {
		return n
	}
	return m.Display()
}

// author is the nick that said a message, when the bot saw it.
func (tg target) author(id string) string {
	tg.t.mu.Lock()
	defer tg.t.mu.Unlock()
	return tg.r.authors[id]
}

// has reports whether the room has shown the bot a message of its own with this origin-id
// since the join (in the history or as a live echo), and whether the join's history
// reached back to the time it was sent, so that its absence means it never arrived.
func (tg target) has(originID string, sent time.Time) (has, covered bool) {
	tg.t.mu.Lock()
	defer tg.t.mu.Unlock()
	return tg.r.own[originID], tg.r.historyCovers(sent)
}

// post writes one room message and waits for the room's echo.
func (t *Transport) post(ctx context.Context, c *conn, out outgoing) error {
	ch := c.expectEcho(out.id, out.to)
	defer c.dropEcho(out.id)
	if err := c.write(out.stanza()); err != nil {
		return fmt.Errorf("xmpp: send to %s: %w", out.to, err)
	}
	if c.afterWrite != nil {
		c.afterWrite()
	}
	timer := t.clock.NewTimer(t.tune.sendTimeout)
	defer timer.Stop()
	select {
	case err := <-ch:
		if err != nil {
			return fmt.Errorf("xmpp: send to %s: %w", out.to, err)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-c.done:
		return fmt.Errorf("xmpp: send to %s: %w", out.to, errClosed)
	case <-timer.C():
		membership := t.selfPing(ctx, c, out.to)
		select {
		case err := <-ch:
			// The room answers in order: a reflection or a refusal sent before the pong.
			if err != nil {
				return fmt.Errorf("xmpp: send to %s: %w", out.to, err)
			}
			return nil
		default:
		}
		switch membership {
		case joined:
			// Joined, and the room neither reflected the message nor refused it: it most
			// likely arrived, and the reflection went astray. Posting it again would show it
			// twice, the worse error here.
			t.log.Warn().Str("room", out.to).Str("origin_id", out.id).
				Msg("the room did not reflect a message in time, but the bot is still in it; counting the message as posted")
			return nil
		case notJoined:
			// The room lost the bot without saying so (a stale session of the same address
			// left after the new one joined): join again, so the retry finds in the new
			// join's history whether the message arrived.
			if ctx.Err() == nil {
				t.log.Warn().Str("room", out.to).Msg("the room did not reflect a message, and the bot is no longer in it; joining again")
				t.joinAgain(c, bareJID(out.to))
			}
		}
		return fmt.Errorf("xmpp: send to %s: the room did not confirm: %w", out.to, errTimeout)
	}
}

// membership is what a self-ping learnt about the bot's place in a room.
type membership int

const (
	unknownMembership membership = iota // no answer, or one that does not tell
	joined
	notJoined
)

// selfPing asks the room whether the bot is still one of its occupants (XEP-0410 MUC
// self-ping).
func (t *Transport) selfPing(ctx context.Context, c *conn, roomJID string) membership {
	t.mu.Lock()
	r := t.rooms[bareJID(roomJID)]
	nick := ""
	if r != nil {
		nick = r.nick
	}
	t.mu.Unlock()
	if nick == "" {
		return unknownMembership
	}
	self := address(roomJID + "/" + nick)
	ctx, cancel := t.clock.WithTimeout(ctx, t.tune.pingTimeout)
	defer cancel()
	return selfPingAnswer(ping.Send(ctx, c.s, self))
}

// selfPingAnswer reads a self-ping's outcome as XEP-0410 says: an answer, or an error only an
// occupant's client or a changed nick can give, means joined; no answer, or a remote server's
// trouble, tells nothing; any other error means the room does not count the bot as an occupant.
// (mellium reads service-unavailable as an answer already.)
func selfPingAnswer(err error) membership {
	var se stanza.Error
	switch {
	case err == nil:
		return joined
	case !errors.As(err, &se):
		return unknownMembership
	}
	switch se.Condition {
	case stanza.ServiceUnavailable, stanza.FeatureNotImplemented, stanza.ItemNotFound:
		return joined
	case stanza.RemoteServerNotFound, stanza.RemoteServerTimeout:
		return unknownMembership
	}
	return notJoined
}

// startsALine reports whether some line of text begins with nick as a whole word.
func startsALine(text, nick string) bool {
	for line := range strings.SplitSeq(text, "\n") {
		rest, ok := strings.CutPrefix(strings.TrimLeft(line, " \t"), nick)
		if !ok {
			continue
		}
		if rest == "" || strings.ContainsAny(rest[:1], " :,;.!?") {
			return true
		}
	}
	return false
}
