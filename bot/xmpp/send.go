package xmpp

import (
	"context"
	"fmt"
	"strings"
	"time"

	"folkmoot/bot"
)

// Send posts a reply as a groupchat message and waits until the room reflects it back,
// which is how XMPP confirms delivery in a room. It fails while disconnected or not (yet)
// joined; the core's outbox keeps the reply and retries, so the adapter keeps no queue.
//
// The body is the reply's document with XEP-0393 styling (*bold*, `code`), or plain with the
// <unstyled/> hint when a person's text in it would read as styling. Mentioned members are
// addressed by their current nick, which is what XMPP clients highlight: where the document
// mentions them, and at the start for addressees it does not show.
func (t *Transport) Send(ctx context.Context, rm bot.Room, reply bot.Reply) error {
	if reply.IsZero() {
		return nil
	}
	c, nick, err := t.target(rm)
	if err != nil {
		return err
	}
	body, unstyled := reply.Doc.Styled(nick)
	var missing []string
	for _, m := range reply.AllMentions() {
		missing = append(missing, nick(m))
	}
	return t.post(ctx, c, rm.ID, withMentions(body, missing), unstyled, "", "")
}

// target returns the connection to send on and the room's nick of a member, or why the room
// cannot be written to now.
func (t *Transport) target(rm bot.Room) (*conn, func(bot.Member) string, error) {
	if rm.Protocol != bot.XMPP {
		return nil, nil, fmt.Errorf("xmpp: not an XMPP room: %s", rm.Key())
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.conn == nil {
		return nil, nil, errNotConnected
	}
	r, ok := t.rooms[bareJID(rm.ID)]
	if !ok {
		return nil, nil, fmt.Errorf("xmpp: not in room %s", rm.ID)
	}
	if r.state != roomJoined {
		return nil, nil, fmt.Errorf("xmpp: not joined to %s (yet)", rm.ID)
	}
	occ := r.occ
	nick := func(m bot.Member) string {
		t.mu.Lock()
		defer t.mu.Unlock()
		if n := occ.nick(m.ID); n != "" {
			return n
		}
		return m.Display()
	}
	return t.conn, nick, nil
}

// post writes one groupchat message (with an XEP-0066 link when oobURL is set) and waits
// for the room's echo.
func (t *Transport) post(ctx context.Context, c *conn, roomJID, body string, unstyled bool, oobURL, oobDesc string) error {
	roomJID = bareJID(roomJID)
	id := newID()
	ch := c.expectEcho(id, roomJID)
	defer c.dropEcho(id)
	if err := c.write(groupchatStanza(roomJID, id, body, unstyled, oobURL, oobDesc)); err != nil {
		return fmt.Errorf("xmpp: send to %s: %w", roomJID, err)
	}
	timer := time.NewTimer(t.tune.sendTimeout)
	defer timer.Stop()
	select {
	case err := <-ch:
		if err != nil {
			return fmt.Errorf("xmpp: send to %s: %w", roomJID, err)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-c.done:
		return fmt.Errorf("xmpp: send to %s: %w", roomJID, errClosed)
	case <-timer.C:
		return fmt.Errorf("xmpp: send to %s: the room did not confirm: %w", roomJID, errTimeout)
	}
}

// withMentions makes sure every mentioned nick starts a line: nicks the text does not
// already open a line with are put in front ("ana, ben: ...").
func withMentions(text string, nicks []string) string {
	var missing []string
	seen := map[string]bool{}
	for _, n := range nicks {
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		if !startsALine(text, n) {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return text
	}
	return strings.Join(missing, ", ") + ": " + text
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
