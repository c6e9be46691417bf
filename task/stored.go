package task

import (
	"errors"
	"time"

	"folkmoot/bot"
)

// A task's states.
const (
	Open    = "open"
	Done    = "done"
	Dropped = "dropped"
)

// ErrNotFound means the room has no task with that number or ID.
var ErrNotFound = errors.New("no such task")

// Task is a concrete thing someone in the assembly will do, perhaps by a due time.
type Task struct {
	ID        int64
	Room      bot.Room
	Number    int // per room: what people type (#3)
	Text      string
	Owner     bot.Member // zero while nobody has taken it
	CreatedBy bot.Member
	CreatedAt time.Time
	Due       time.Time // zero: no due time
	Source    string    // where it was decided ("meeting 4"), "" for a command
	State     string    // Open, Done or Dropped
	ClosedAt  time.Time
	ClosedBy  string
	Note      string // the done note or the drop reason
}

// Open reports whether the task is neither done nor dropped.
func (t Task) Open() bool { return t.State == Open }

// Overdue reports whether an open task's due time has passed at now.
func (t Task) Overdue(now time.Time) bool { return t.Open() && !t.Due.IsZero() && !t.Due.After(now) }

// Draft is a task about to be added: by !task add, by !action in a meeting, or by a tools
// review that decided to replace a tool.
type Draft struct {
	Text      string     // cleaned when added (one inert line, at most MaxText characters)
	Owner     bot.Member // zero: anyone may take it
	Due       time.Time  // zero: no due time
	CreatedBy bot.Member
	Source    string // where it was decided ("meeting 4"), "" for a command
}
