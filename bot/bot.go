// Package bot is folkmoot's protocol-neutral core: the room, member and message types every
// transport translates into, the Transport interface with its optional capabilities, and the
// runtime that feeds incoming messages to a Handler and delivers its replies.
//
// Only bot/matrix and bot/xmpp know about Matrix or XMPP; everything else speaks these types.
package bot

import (
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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

// ParseRoomAddress reads a room as "protocol:address", or a bare address whose form tells
// the network: a Matrix room ID starts with "!", an XMPP room has an "@", and anything else
// is a console room's name. The links clients copy for a room are read too, since people
// paste them to name a room of another network: an XMPP URI (xmpp:room@conference.example.org?join,
// whose scheme is our own "xmpp:" form), a Matrix URI (matrix:roomid/abc:example.org) and a
// matrix.to link to a room ID.
func ParseRoomAddress(s string) (Room, bool) {
	if r, ok := roomLink(s); ok {
		return r, true
	}
	if r, ok := ParseRoomKey(s); ok && (r.Protocol == Matrix || r.Protocol == XMPP || r.Protocol == Console) {
		return r, true
	}
	switch {
	case s == "":
		return Room{}, false
	case strings.HasPrefix(s, "!"):
		return Room{Protocol: Matrix, ID: s}, true
	case strings.Contains(s, "@"):
		return Room{Protocol: XMPP, ID: s}, true
	}
	return Room{Protocol: Console, ID: s}, true
}

// roomLink reads a room from a client's link (see ParseRoomAddress): the query (?join,
// ?via=…) is dropped and percent-escapes undone. An XMPP address is read as a link only with
// its query, so that a JID of our own "xmpp:" form keeps a "#" or "%" it holds (gateways'
// rooms do). A matrix.to link to an alias gives the alias (#north:example.org), which is no
// room ID.
func roomLink(s string) (Room, bool) {
	var p Protocol
	var id string
	lower := strings.ToLower(s)
	switch {
	case strings.HasPrefix(lower, "xmpp:") && strings.Contains(s, "?"):
		p, id = XMPP, s[len("xmpp:"):]
	case strings.HasPrefix(lower, "matrix:roomid/"):
		p, id = Matrix, "!"+s[len("matrix:roomid/"):]
	case strings.HasPrefix(lower, "https://matrix.to/#/"):
		p, id = Matrix, s[len("https://matrix.to/#/"):]
	default:
		return Room{}, false
	}
	id, _, _ = strings.Cut(id, "?")
	if p == Matrix {
		id, _, _ = strings.Cut(id, "/") // matrix:roomid/…/e/event, matrix.to/#/!room/$event
	}
	if u, err := url.PathUnescape(id); err == nil {
		id = u
	}
	switch {
	case p == XMPP && strings.Contains(id, "@"),
		p == Matrix && len(id) > 1 && (id[0] == '!' || id[0] == '#'):
		return Room{Protocol: p, ID: id}, true
	}
	return Room{}, false
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

// Display is how the member is shown in text: the name when it shows something, else the
// ID. Both are made inert: a display name can carry newlines or bidi overrides, and one made
// only of invisible characters or spaces would show as nothing at all.
func (m Member) Display() string {
	return DisplayName(m.Name, m.ID)
}

// DisplayName is how a member with this name and ID is shown (Member.Display): the name,
// inert and trimmed, when anything of it shows, else the ID.
func DisplayName(name, id string) string {
	if n := strings.TrimSpace(Inert(name)); Shows(n) {
		return n
	}
	return Inert(id)
}

// Shows reports whether a text has something to see: a character other than spaces,
// controls, invisible format characters, combining marks (which show only on a character) and
// the blank letters that draw nothing (the Hangul fillers, the braille blank).
func Shows(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		switch {
		case unicode.IsSpace(r), unicode.IsControl(r), unicode.In(r, unicode.Cf, unicode.Mn, unicode.Me), isInvisible(r):
			return false
		case r == 0x115F, r == 0x1160, r == 0x3164, r == 0xFFA0, r == 0x2800:
			return false
		}
		return true
	})
}

// Message is one incoming event, as every transport translates it: a text message, or an
// answer to a native poll (Poll set). ID is stable across deliveries of the same event, so
// the runtime's ledger handles it once.
type Message struct {
	Room   Room
	Sender Member
	Text   string
	ID     string    // the transport's message/event ID, used to reply to it
	Time   time.Time // when the server received it
	// History is set on an event the server replayed (a room's history on joining, a first
	// sync) rather than one said live: the runtime runs it only within the catch-up window.
	History bool `json:",omitempty"`
	// Poll, when set, makes this event an answer to a native poll rather than text.
	Poll *PollAnswer `json:",omitempty"`
	// Direct is set on a message said in a room the bot opened to tell one member what is for
	// them alone (a Matrix direct room): no command runs there, and the member is told so.
	Direct bool `json:",omitempty"`
	// Mentioned is set by the transport when the message explicitly addresses the bot (a
	// Matrix mention pill at the start); the text then starts with what follows the mention.
	Mentioned bool
	// Private is set when the message reached the bot privately (an XMPP private message
	// within the room): the answers to it go back to its sender alone.
	Private bool `json:",omitempty"`
	// Invitation is set when the sender invites the bot into Room rather than saying
	// something there. The transport has checked only what its protocol forces (who vouches
	// for the invitation); whether to accept is the handler's, which answers with a Reply
	// whose Join is set.
	Invitation bool `json:",omitempty"`
	// Reaction, when set, makes this event a member's reaction (an emoji, or a short text) to
	// a message rather than text: the meeting log keeps it, and no command runs.
	Reaction *Reaction `json:",omitempty"`
	// Flooded is set by the runtime on a command whose sender is over the flood limit
	// (Bot.LimitCommands): the handler keeps it as talk (the meeting log's line) and runs
	// nothing.
	Flooded bool `json:",omitempty"`
}

// Reaction is a member's reaction to a message: Key is the emoji (or text) as the network
// carries it, To the ID of the message reacted to. On XMPP a reaction event carries every
// emoji its sender has on that message now; Key holds them together.
type Reaction struct {
	To  string
	Key string
}

// Reply is something the bot says in a room: a document each transport renders natively.
type Reply struct {
	Doc Doc
	// Mentions lists members to notify beyond those the document mentions (a notice's
	// addressees); transports notify both.
	Mentions []Member `json:",omitempty"`
	// Notice marks automated messages (rotations, reminders, closings) rather than answers.
	Notice bool `json:",omitempty"`
	// InReplyTo is the ID of the message this answers, when there is one.
	InReplyTo string `json:",omitempty"`
	// EndsPoll, when set, makes this item end that native poll (its text is the poll's
	// result) instead of posting a message: a closing vote queues it with its result notice,
	// so it is as durable as the close and the scheduler never waits on the network.
	EndsPoll string `json:",omitempty"`
	// Poll, when set, makes this outbox item post that native poll instead of a message,
	// where the transport has polls: a vote queues it in the transaction that opens it, so a
	// stop never loses it and no transaction waits on the network. PollFor says what it is
	// for; the handler's PollRecorder learns the poll's ID under it. Only the outbox posts
	// polls.
	Poll    *Poll  `json:",omitempty"`
	PollFor string `json:",omitempty"`
	// To, when set, is the ID of the one member this reply is for: the runtime hands it to the
	// transport's PrivateSender (a direct-message room on Matrix, a private message within the
	// room on XMPP) and never posts it in the room.
	To string `json:",omitempty"`
	// File, when set, makes this item post a file from disk where the transport can
	// (Uploader); elsewhere it is passed over, and the document beside it says where the file is.
	File *FileRef `json:",omitempty"`
	// React, when set, makes this item put that emoji on the message InReplyTo names, where
	// the transport can (Reactor), instead of posting a message.
	React string `json:",omitempty"`
	// Join, when set, makes this item answer an invitation into the room (Message.Invitation)
	// instead of posting a message: the transport joins or declines it (Joiner). Answered from
	// the outbox, a join is as durable as the decision and never waits in a transaction.
	Join *JoinAnswer `json:",omitempty"`
	// Key is the same for every attempt to send this outbox item and never another item's
	// (the outbox sets it), so a transport that can make a retry after a lost answer post
	// nothing twice uses it: a Matrix transaction ID.
	Key string `json:",omitempty"`
}

// FileRef is a file on disk for the outbox to post: it is read when it is posted, so a queued
// file survives a restart and no transaction waits for an upload.
type FileRef struct {
	Path     string
	Name     string // shown to people, e.g. "minutes-2026-12-05.pdf"
	MIMEType string
	Caption  string
	// Unposted, when set, is said in the room if the file can never be posted there (larger
	// than the server takes, or gone from the disk).
	Unposted string `json:",omitempty"`
	// Content, when set, is the file itself and Path is unused: a small file made for one
	// member (their own data, with Reply.To), which lives in the outbox item alone and goes
	// with it once sent, rather than staying on disk.
	Content []byte `json:",omitempty"`
}

// IsZero reports whether there is nothing to say.
func (r Reply) IsZero() bool { return r.Doc.IsZero() }

// Empty reports whether the item does nothing at all: no words, no poll to post or end, no
// file, no reaction.
func (r Reply) Empty() bool {
	return r.IsZero() && r.Poll == nil && r.EndsPoll == "" && r.File == nil && r.React == "" && r.Join == nil
}

// JoinAnswer is the answer to an invitation into a room.
type JoinAnswer struct {
	Accept    bool
	InvitedBy string // the inviter's ID, which a transport may keep with the room
}

// Text is the reply as plain text (the console's rendering; tests read it).
func (r Reply) Text() string { return r.Doc.PlainText() }

// AllMentions lists every member to notify: the document's mentions, then the others.
func (r Reply) AllMentions() []Member {
	out := r.Doc.Mentions()
	for _, m := range r.Mentions {
		if !slices.ContainsFunc(out, func(o Member) bool { return o.ID == m.ID }) {
			out = append(out, m)
		}
	}
	return out
}

// Text makes a reply from plain text, all of it inert (see TextDoc).
func Text(s string) Reply { return Reply{Doc: TextDoc(s)} }

// Say makes a reply from blocks.
func Say(blocks ...Block) Reply { return Reply{Doc: NewDoc(blocks...)} }

// Mentioning makes a reply from plain text that mentions members: the first place the text
// shows each member (their ID, else their name) becomes the mention, found in the plain text
// before any rendering, so a name can never land inside markup. A member the text does not
// show is mentioned in front ("ana: ...").
func Mentioning(text string, members ...Member) Reply {
	r := Text(text)
	var missing []Member
	for _, m := range members {
		if !r.Doc.mention(m) {
			missing = append(missing, m)
		}
	}
	r.Doc = r.Doc.Addressing(missing)
	return r
}

// Addressing puts mentions of members in front of the document's first line ("ana, ben: ...").
func (d Doc) Addressing(members []Member) Doc {
	if len(members) == 0 {
		return d
	}
	front := Line{}
	for i, m := range members {
		if i > 0 {
			front = append(front, Span{Text: ", "})
		}
		front = append(front, At(m))
	}
	front = append(front, Span{Text: ": "})
	out := Doc{Blocks: slices.Clone(d.Blocks)}
	if len(out.Blocks) > 0 && out.Blocks[0].Kind == Para {
		out.Blocks[0] = Block{Kind: Para, Lines: []Line{append(front, out.Blocks[0].Lines[0]...)}}
	} else {
		out.Blocks = append([]Block{{Kind: Para, Lines: []Line{front}}}, out.Blocks...)
	}
	return out
}

// mention turns the first plain occurrence of the member's ID (else name) into a mention.
func (d *Doc) mention(m Member) bool {
	for _, needle := range []string{m.ID, m.Name} {
		if needle == "" {
			continue
		}
		for bi := range d.Blocks {
			for li, l := range d.Blocks[bi].Lines {
				for si, s := range l {
					if s.Kind != Plain {
						continue
					}
					i := wordIndex(s.Text, needle)
					if i < 0 {
						continue
					}
					repl := Line{}
					if i > 0 {
						repl = append(repl, Span{Text: s.Text[:i]})
					}
					at := At(m)
					at.Text = needle // keep the text as written; only its role changes
					repl = append(repl, at)
					if rest := s.Text[i+len(needle):]; rest != "" {
						repl = append(repl, Span{Text: rest})
					}
					nl := append(append(append(Line{}, l[:si]...), repl...), l[si+1:]...)
					d.Blocks[bi].Lines[li] = nl
					return true
				}
			}
		}
	}
	return false
}

// Notice makes an automated message (a rotation, a reminder, a closing) from plain text that
// mentions members, as Mentioning does.
func Notice(text string, members ...Member) Reply {
	r := Mentioning(text, members...)
	r.Notice = true
	return r
}

// wordIndex finds needle in s where it stands as a whole word (not "a" inside "and").
func wordIndex(s, needle string) int {
	for from := 0; from <= len(s)-len(needle); {
		i := strings.Index(s[from:], needle)
		if i < 0 {
			return -1
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(needle):])
		if (i == 0 || !isWordRune(before)) && (i+len(needle) == len(s) || !isWordRune(after)) {
			return i
		}
		from = i + 1
	}
	return -1
}

// isWordRune: a letter, a digit, or a mark on one ("Zoe" is not a word of "Zoë" written with a
// combining diaeresis).
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
