package vote

import (
	"errors"
	"strconv"
	"time"

	"folkmoot/bot"
	"folkmoot/words"
)

// Errors of looking up and changing a stored vote, for callers to turn into room messages.
var (
	ErrNotFound = errors.New("no such vote")
	ErrClosed   = errors.New("the vote is closed")
)

// Vote is a vote as the room knows it: its rules, its times, what it is tied to, and once
// closed its result.
type Vote struct {
	ID          int64
	Room        bot.Room
	Number      int // per room: what people type (#3)
	Question    string
	Rules       Rules
	HideResults bool
	OpenedBy    bot.Member
	OpenedAt    time.Time
	ClosesAt    time.Time
	ClosedAt    time.Time // zero while open
	// Body is who votes: the room's members, or in a council its assemblies or delegates.
	Body Body
	// LinkKind and LinkID name what the vote decides the fate of (a mandate), "" for none.
	LinkKind, LinkID string
	PollID           string
	PollState        string // "", "open", "ending" (closed, EndPoll pending), "ended"
	// Set at the close; Eligible also at the opening, as the electorate then.
	Outcome     Outcome
	Voters      int
	Eligible    int
	Result      string
	FinalCounts []Count // nil while open
}

// Open reports whether the vote has not been closed yet.
func (v Vote) Open() bool { return v.ClosedAt.IsZero() }

// Title names a vote in text, in l: Vote #3 “Buy a projector?”.
func (v Vote) Title(l *words.Lang) string {
	return l.Say("vote.title", "Ref", v.Ref(), "Question", v.Question)
}

// Ref is the vote's number as people type it: #3. Messages take it whole, so that in a
// right-to-left sentence the sign stays with its number.
func (v Vote) Ref() string { return "#" + strconv.Itoa(v.Number) }
