package bot

import (
	"context"
	"io"
)

// Transport connects the core to one chat network. It is deliberately small; extra powers are
// the optional interfaces below, which the core asks for with a type assertion and does
// without when a transport lacks them.
type Transport interface {
	// Protocol names the network.
	Protocol() Protocol
	// Run connects, hands every incoming event to the inbox, and reconnects on its own until
	// ctx is done.
	Run(ctx context.Context, in Inbox) error
	// Send posts one reply in a room and reports whether it is posted: an error means it was
	// not, and the outbox tries again (ErrUndeliverable: never).
	Send(ctx context.Context, room Room, reply Reply) error
}

// Inbox is where a transport hands the runtime its events. Deliver only queues: the runtime
// keeps each room's order, the handled ledger and the catch-up window. Settle waits until
// every event delivered so far is handled, for a transport that must not acknowledge a batch
// to its server before (Matrix commits its sync token after it). Drain also waits for the
// outbox to send what they queued: a transport calls it before it disconnects at a stop.
type Inbox interface {
	Deliver(ctx context.Context, msg Message)
	Settle()
	Drain()
}

// Fenced is a transport that writes shared state on its own, beside the runtime's
// transactions (Matrix's sync writes the crypto store): it does so only while mayAct holds,
// so a process that may have lost its lease to a standby writes nothing there either.
type Fenced interface {
	ActWhile(mayAct func() bool)
}

// Reactor can put an emoji reaction on a message, for silent acknowledgements.
type Reactor interface {
	React(ctx context.Context, room Room, messageID, emoji string) error
}

// Joiner answers invitations into rooms: it joins the room, or declines where its protocol
// lets an invitation be declined.
type Joiner interface {
	AnswerInvitation(ctx context.Context, room Room, answer JoinAnswer) error
}

// AdminChecker knows who administers a room (Matrix power level, XMPP MUC role/affiliation).
// Room admins are facilitator-level.
type AdminChecker interface {
	IsRoomAdmin(ctx context.Context, room Room, member Member) (bool, error)
}

// File is a document to post, e.g. a printable digest.
type File struct {
	Name     string // file name shown to people, e.g. "minutes-2026-12-05.pdf"
	MIMEType string
	Content  io.Reader
	Size     int64
	Caption  string
}

// Uploader can post files into a room. Returns where it can be fetched, when the transport has
// such a thing (an XMPP HTTP upload URL), else "".
type Uploader interface {
	Upload(ctx context.Context, room Room, file File) (string, error)
}

// Poll is a native poll shown by clients that render them (Matrix MSC3381).
type Poll struct {
	Question      string
	Options       []PollOption
	MaxSelections int
	// Disclosed polls show the running results to voters; undisclosed ones only at the end.
	Disclosed bool
	// Fallback is the text shown by clients that do not render polls.
	Fallback string
	// Ref is the same for every attempt to post this poll and never another poll's (who
	// queues it sets it), so a transport can make a retry after a lost answer post nothing
	// twice, and never take a new poll for a retry of an old one.
	Ref string `json:",omitempty"`
}

// PollOption is one answer of a poll; ID is stable and comes back in responses.
type PollOption struct {
	ID   string
	Text string
}

// PollAnswer is a member's answer to a native poll; it arrives as a Message with Poll set.
type PollAnswer struct {
	PollID  string   // the ID SendPoll returned
	Options []string // chosen option IDs; empty retracts
}

// Poller can post native polls and end them; the answers arrive as messages (Message.Poll).
type Poller interface {
	SendPoll(ctx context.Context, room Room, poll Poll) (pollID string, err error)
	EndPoll(ctx context.Context, room Room, pollID string, resultText string) error
}

// PrivateSender gives one member of a room a reply nobody else sees: a direct-message room
// on Matrix, a private message within the room on XMPP. The runtime sends a Reply with To set
// only through it; on a transport without it such a reply is dropped, never posted in the room.
type PrivateSender interface {
	SendPrivate(ctx context.Context, room Room, to string, reply Reply) error
}

// PrivateUploader gives one member of a room a file nobody else sees, where PrivateSender
// gives a reply: into the direct-message room on Matrix, as a private message's link on XMPP.
// The runtime posts a Reply with both File and To set only through it; on a transport without
// it such a file is dropped, never posted in the room.
type PrivateUploader interface {
	UploadPrivate(ctx context.Context, room Room, to string, file File) error
}

// ParallelSender is a transport that can send to several rooms side by side, as a Matrix
// client sends each event in a request of its own. The outbox still sends each room's items
// one after another, in order; a transport without it is sent to one room at a time.
type ParallelSender interface {
	// RoomsAtOnce is how many rooms may be sent to at the same time.
	RoomsAtOnce() int
}

// MemberLister knows who is in a room now (Matrix joined members, XMPP occupants whose real
// address is visible). Without it the core knows the members it has seen speak.
type MemberLister interface {
	Members(ctx context.Context, room Room) ([]Member, error)
}
