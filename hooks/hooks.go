// Package hooks is what features offer each other, declared here so that none imports
// another; app connects them. A recall vote ending a mandate, a tools review opening votes
// and turning their outcome into tasks: each side names only these types.
//
// hooks imports the domain packages it speaks of and nothing of the engine: the runtime's
// environment reaches a hook through the feature that implements it (see app/features.go).
package hooks

import (
	"context"
	"database/sql"
	"time"

	"folkmoot/bot"
	"folkmoot/task"
	"folkmoot/vote"
	"folkmoot/words"
)

// VoteLink ties a vote to another object whose fate it decides: a recall vote to a mandate.
// The votes feature stores it with the vote; when the vote closes it calls the link's
// handler inside the closing transaction, so the decision and its effect commit together.
type VoteLink struct {
	Kind string // "mandate", "tool": the key of the handler in the votes feature's links
	ID   string // the object, as its feature names it
}

// VoteClosed is what a link handler learns when its vote closes.
type VoteClosed struct {
	Room bot.Room
	Link VoteLink
	Vote vote.Vote // as closed: its outcome, final counts and result text as posted
	// Tally is the final result, to word it again in another room's language.
	Tally vote.Result
	// At is when the vote closed, Loc the room's timezone, Lang its language and Prefix the
	// configured command prefix: what a handler's notice needs to word times and name
	// commands in the room's words. A nil Lang speaks English.
	At     time.Time
	Loc    *time.Location
	Lang   *words.Lang
	Prefix string
}

// LinkHandler is what happens, inside the closing transaction, when a linked vote closes.
type LinkHandler func(ctx context.Context, tx *sql.Tx, c VoteClosed) error

// EveryVote is the link kind whose handler sees every vote that closes, linked or not, after
// its own link's: a council hears its assemblies' decisions.
const EveryVote = "*"

// LinkedVote is a vote another feature opens about one of its objects (a recall, a review).
type LinkedVote struct {
	Room     bot.Room
	Opener   bot.Member
	Question string
	Link     VoteLink
	Rules    vote.Rules // the kind, its options and quorum; the room's vote policy does not apply
}

// OpenVote opens a linked vote inside the caller's transaction, with its closing jobs and
// its native poll, so it commits with the caller's change; now is the time of the event.
// It returns the vote and the text announcing it, for the caller to post; an error a
// person can act on (a vote on this is already open) is room-safe.
type OpenVote func(ctx context.Context, tx *sql.Tx, lv LinkedVote, now time.Time) (vote.Vote, string, error)

// TellRooms tells the rooms linked to a room through councils (its councils, or its councils
// and assemblies, as the teller says) something, worded by say in each one's language, inside
// the caller's transaction: a mandate given or ended, a meeting's summary.
type TellRooms func(ctx context.Context, tx *sql.Tx, room bot.Room, say func(l *words.Lang, to bot.Room) string) error

// AddTask stores a task and schedules its reminders inside the caller's transaction; now is
// the time of the event, and a due time not after it is refused (a room-safe error).
type AddTask func(ctx context.Context, tx *sql.Tx, room bot.Room, d task.Draft, now time.Time) (task.Task, error)
