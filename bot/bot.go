// Package bot is folkmoot's protocol-neutral core: the room, member and message types every
// transport translates into, the Transport interface with its optional capabilities, and the
// runtime that feeds incoming messages to a Handler and delivers its replies.
//
// Only bot/matrix and bot/xmpp know about Matrix or XMPP; everything else speaks these types.
package bot

import (
	"strings"
	"time"
)

// Protocol names a chat network ("matrix", "xmpp", "console").
type Protocol string

// The protocols folkmoot speaks.
const (
	Matrix  Protocol = "matrix"
	XMPP    Protocol = "xmpp"
	Console Protocol = "console"
)

// Room is a place where the bot takes commands: a Matrix room ID or an XMPP MUC's bare JID.
type Room struct {
	Protocol Protocol
	ID       string
}

// Key is the room's stable key in the database ("matrix:!abc:example.org").
func (r Room) Key() string { return string(r.Protocol) + ":" + r.ID }

// ParseRoomKey is the inverse of Room.Key.
func ParseRoomKey(key string) (Room, bool) {
	p, id, ok := strings.Cut(key, ":")
	if !ok || p == "" || id == "" {
		return Room{}, false
	}
	return Room{Protocol: Protocol(p), ID: id}, true
}

// Member is a person, identified by a stable ID: a Matrix user ID (@ana:example.org) or a bare
// XMPP JID (ana@example.org). Name is only for showing; votes and roles are always keyed by ID.
type Member struct {
	ID   string
	Name string
	// Anonymous is set when the transport cannot see the member's real identity (an XMPP
	// semi-anonymous room without moderator rights). ID then holds a room-local occupant
	// address: such a member may talk but may not vote or hold a role.
	Anonymous bool
}

// Display is how the member is shown in text: the name when known, else the ID.
func (m Member) Display() string {
	if m.Name != "" {
		return m.Name
	}
	return m.ID
}

// Message is one incoming chat message.
type Message struct {
	Room   Room
	Sender Member
	Text   string
	ID     string    // the transport's message/event ID, used to reply to it
	Time   time.Time // when the server received it
	// Mentioned is set by the transport when the message explicitly addresses the bot (a
	// Matrix mention pill at the start); the text then starts with what follows the mention.
	Mentioned bool
}

// Reply is something the bot says in a room. Text is always set and reads well as plain text;
// Markdown, when set, is the same content with formatting for transports that render it.
type Reply struct {
	Text     string
	Markdown string
	// Mentions lists the members the reply addresses, so transports notify them (Matrix
	// pills and m.mentions, XMPP nick at the start of a line).
	Mentions []Member
	// Notice marks automated messages (rotations, reminders, closings) rather than answers.
	Notice bool
	// InReplyTo is the ID of the message this answers, when there is one.
	InReplyTo string
}

// IsZero reports whether there is nothing to say.
func (r Reply) IsZero() bool { return r.Text == "" && r.Markdown == "" }

// Text makes a plain-text reply.
func Text(s string) Reply { return Reply{Text: s} }
