package round

import (
	"strings"
	"time"

	"folkmoot/words"
)

// Kind says what an Event announces.
type Kind string

// The kinds of event. Text words each one.
const (
	SignUpOpen  Kind = "signup_open"  // Duration: the sign-up window; Topic
	Joined      Kind = "joined"       // Member; Count: how many are in
	Cancelled   Kind = "cancelled"    // nobody signed up
	LineUp      Kind = "lineup"       // Members: the speaking order; Topic
	Floor       Kind = "floor"        // Member; Duration: the turn (0 = untimed); Second: a second chance
	Warning     Kind = "warning"      // Member; Left
	Time        Kind = "time"         // Member: the turn ran out; Late when it ran out while the bot was away
	Thanks      Kind = "thanks"       // Member ended their turn with !done; Used
	Passed      Kind = "passed"       // Member; Second: will be offered the floor again at the end
	Skipped     Kind = "skipped"      // Member: the facilitator moved on
	Extended    Kind = "extended"     // Member; Duration: added; Left
	Held        Kind = "held"         // the facilitator paused; Member holds the floor (if any); Left
	Resumed     Kind = "resumed"      // Member; Left
	Back        Kind = "back"         // after a restart the turn still runs: Member; Left
	Pause       Kind = "pause"        // Duration: the silence between two turns
	Interrupted Kind = "interrupted"  // Member talked during someone else's turn (--quiet)
	Summary     Kind = "summary"      // Report; Stopped when the facilitator stopped the round
	Raised      Kind = "raised"       // Member; Note; Count: place in the queue; Direct
	Lowered     Kind = "lowered"      // Member
	QueueEmpty  Kind = "queue_empty"  // the floor is free and nobody is waiting
	Cleared     Kind = "cleared"      // Count: hands lowered
	ModeChanged Kind = "mode_changed" // Progressive, Direct: the queue's settings now
	TimerSet    Kind = "timer_set"    // Duration: the queue's per-turn timer (0 = none)
	NewTopic    Kind = "new_topic"    // direct responses are open again
	Silent      Kind = "silence"      // Duration: a reflective silence begins
	SilenceTalk Kind = "silence_talk" // Member talked during the silence
	SilenceOver Kind = "silence_over" // Late when it ended while the bot was away
)

// Event is something to announce, a value rather than text: Text words it in a language.
type Event struct {
	Kind     Kind          `json:"kind"`
	Member   Member        `json:"member,omitzero"`
	Duration time.Duration `json:"duration,omitempty"`
	Left     time.Duration `json:"left,omitempty"`
	Used     time.Duration `json:"used,omitempty"`
	Count    int           `json:"count,omitempty"`
	Topic    string        `json:"topic,omitempty"`
	Note     string        `json:"note,omitempty"`
	Second   bool          `json:"second,omitempty"`
	Late     bool          `json:"late,omitempty"`
	Stopped  bool          `json:"stopped,omitempty"`
	Direct   bool          `json:"direct,omitempty"`
	// Progressive is the queue's mode, for ModeChanged.
	Progressive bool     `json:"progressive,omitempty"`
	Members     []Member `json:"members,omitempty"`
	Report      *Report  `json:"report,omitempty"`
}

// Report is the summary of a finished round.
type Report struct {
	Topic   string        `json:"topic,omitempty"`
	Lines   []Line        `json:"lines"`
	Stopped bool          `json:"stopped,omitempty"`
	Total   time.Duration `json:"total"`
}

// Line is one member's part in a round, in speaking order.
type Line struct {
	Member  Member        `json:"member"`
	Spoke   bool          `json:"spoke,omitempty"`
	Passed  int           `json:"passed,omitempty"` // times they passed (2 with a refused second chance)
	Skipped bool          `json:"skipped,omitempty"`
	Missed  bool          `json:"missed,omitempty"` // the round stopped before their turn
	Used    time.Duration `json:"used"`
}

// Code tells refused operations apart, for errors.Is.
type Code int

// The reasons an operation is refused.
const (
	_ Code = iota
	CodeOutOfRange
	CodeBadOrder
	CodeRoundRunning
	CodeNoRound
	CodeDuplicate
	CodeSignUpClosed
	CodeAlreadyIn
	CodeNotSpeaker
	CodeNoFloor
	CodeAlreadyExtended
	CodeAlreadyPaused
	CodeNotPaused
	CodeAlreadyQueued
	CodeNotQueued
	CodeQueueEmpty
	CodeDirectOff
	CodeDirectUsed
	CodeSilenceRunning
	CodeNoSilence
	CodeBusy
)

// Error is a refused operation; its message is a sentence safe to post in the room, worded
// in the room's language by Message.
type Error struct {
	Code Code
	// say words the message; a sentinel, which is only compared, has plain instead.
	say   func(l *words.Lang) string
	plain string
}

// Error returns the room-safe message in English, naming commands with the default prefix
// "!"; the feature says Message in the room's language and with its prefix.
func (e *Error) Error() string { return e.Message(nil, "!") }

// Message is the room-safe message in l with commands named by the room's prefix.
func (e *Error) Message(l *words.Lang, prefix string) string {
	if e.say == nil {
		return WithPrefix(e.plain, prefix)
	}
	return WithPrefix(e.say(l), prefix)
}

// commandMark stands for the room's command prefix in the texts this package words
// (commandMark+"in" is "!in" where the prefix is "!"). It is a control character, which
// inert removes from every person's text, so no one's words can pass for it.
const commandMark = "\x01"

// WithPrefix puts the room's command prefix where a text of this package names a command.
func WithPrefix(text, prefix string) string { return strings.ReplaceAll(text, commandMark, prefix) }

// Is matches errors of the same Code, so errors.Is(err, round.ErrNotSpeaker) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Sentinels for errors.Is. They are only compared, never said to a room (the returned
// errors name people and are worded from the catalog), so their plain English is for logs.
var (
	ErrOutOfRange      = &Error{Code: CodeOutOfRange, plain: "That time is out of range."}
	ErrBadOrder        = &Error{Code: CodeBadOrder, plain: "That is not an order."}
	ErrRoundRunning    = &Error{Code: CodeRoundRunning, plain: "A round is already running."}
	ErrNoRound         = &Error{Code: CodeNoRound, plain: "No listening round is running."}
	ErrDuplicate       = &Error{Code: CodeDuplicate, plain: "Someone is named twice."}
	ErrSignUpClosed    = &Error{Code: CodeSignUpClosed, plain: "The sign-up has closed."}
	ErrAlreadyIn       = &Error{Code: CodeAlreadyIn, plain: "You are already in."}
	ErrNotSpeaker      = &Error{Code: CodeNotSpeaker, plain: "Someone else holds the floor."}
	ErrNoFloor         = &Error{Code: CodeNoFloor, plain: "Nobody holds the floor now."}
	ErrAlreadyExtended = &Error{Code: CodeAlreadyExtended, plain: "This turn was already extended once."}
	ErrAlreadyPaused   = &Error{Code: CodeAlreadyPaused, plain: "The round is already paused."}
	ErrNotPaused       = &Error{Code: CodeNotPaused, plain: "The round is not paused."}
	ErrAlreadyQueued   = &Error{Code: CodeAlreadyQueued, plain: "You are already in the queue."}
	ErrNotQueued       = &Error{Code: CodeNotQueued, plain: "You are not in the queue."}
	ErrQueueEmpty      = &Error{Code: CodeQueueEmpty, plain: "Nobody is in the queue."}
	ErrDirectOff       = &Error{Code: CodeDirectOff, plain: "Direct responses are turned off."}
	ErrDirectUsed      = &Error{Code: CodeDirectUsed, plain: "You already made a direct response on this topic."}
	ErrSilenceRunning  = &Error{Code: CodeSilenceRunning, plain: "A silence is already running."}
	ErrNoSilence       = &Error{Code: CodeNoSilence, plain: "No silence is running."}
	ErrBusy            = &Error{Code: CodeBusy, plain: "Someone holds the floor."}
)

// refuse makes an error of code c worded by say in the room's language; people's names in
// it go through name or inert first.
func refuse(c Code, say func(l *words.Lang) string) *Error {
	return &Error{Code: c, say: say}
}

// RoomSafe marks the error's message as fit to post in the room as it is.
func (*Error) RoomSafe() {}
