// Package meeting is a room's meetings as they are kept: the meeting, the items recorded
// during it, the lines said and who was present. It is pure: the meetings feature stores
// these values and the minutes package prints them.
package meeting

import (
	"time"

	"folkmoot/bot"
)

// Meeting is one meeting of a room.
type Meeting struct {
	ID        int64
	Room      bot.Room
	Number    int // per room: what people type (!minutes 3)
	Title     string
	StartedBy bot.Member
	Start     time.Time
	End       time.Time // zero while it runs
	Files     string    // the minutes' path without extension under the digests folder; "" before the end
}

// Running reports whether the meeting has not ended.
func (m Meeting) Running() bool { return m.End.IsZero() }

// The kinds of meeting item, as stored.
const (
	ItemTopic    = "topic"
	ItemNote     = "note"
	ItemIdea     = "idea"
	ItemLink     = "link"
	ItemDecision = "decision"
	ItemDissent  = "dissent"
	ItemAction   = "action"
)

// Item is one thing recorded during a meeting.
type Item struct {
	ID    int64
	Kind  string // one of the Item* constants
	Text  string
	URL   string // links
	By    bot.Member
	Owner bot.Member // actions: who took it on; zero when nobody
	Due   time.Time  // actions: zero when no due date
	Task  string     // actions: the task created for it, if any
	At    time.Time
}

// LogLine is one message said during a meeting.
type LogLine struct {
	Member bot.Member
	Text   string
	At     time.Time
}

// Attendee is a member present at a meeting with the number of lines they said.
type Attendee struct {
	Member bot.Member
	Lines  int
	First  time.Time
}
