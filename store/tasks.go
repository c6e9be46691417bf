package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"folkmoot/bot"
)

// Task states.
const (
	TaskOpen    = "open"
	TaskDone    = "done"
	TaskDropped = "dropped"
)

// ErrNoTask means the room has no task with that number or ID.
var ErrNoTask = errors.New("no such task")

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
	State     string    // TaskOpen, TaskDone or TaskDropped
	ClosedAt  time.Time
	ClosedBy  string
	Note      string // the done note or the drop reason
}

// Open reports whether the task is neither done nor dropped.
func (t Task) Open() bool { return t.State == TaskOpen }

// Overdue reports whether an open task's due time has passed at now.
func (t Task) Overdue(now time.Time) bool { return t.Open() && !t.Due.IsZero() && !t.Due.After(now) }

const taskColumns = `id, room, number, text, owner, owner_name, created_by, created_by_name, created_at, due_at, source, state, closed_at, closed_by, note`

const (
	taskInsert = `INSERT INTO tasks (room, number, text, owner, owner_name, created_by, created_by_name, created_at, due_at, source)
		SELECT ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ? FROM tasks WHERE room = ? RETURNING id, number`
	taskByNumber  = `SELECT ` + taskColumns + ` FROM tasks WHERE room = ? AND number = ?`
	taskByID      = `SELECT ` + taskColumns + ` FROM tasks WHERE room = ? AND id = ?`
	tasksOpen     = `SELECT ` + taskColumns + ` FROM tasks WHERE room = ? AND state = 'open' ORDER BY due_at IS NULL, due_at, number`
	tasksInPeriod = `SELECT ` + taskColumns + ` FROM tasks WHERE room = ?
		AND ((created_at >= ? AND created_at < ?) OR (closed_at >= ? AND closed_at < ?)) ORDER BY number`
	taskClose    = `UPDATE tasks SET state = ?, closed_at = ?, closed_by = ?, note = ? WHERE id = ? AND state = 'open'`
	taskSetOwner = `UPDATE tasks SET owner = ?, owner_name = ? WHERE id = ? AND state = 'open'`

	// Counted on the indexes tasks_open and tasks_creator.
	tasksOpenInRoom = `SELECT COUNT(*) FROM tasks WHERE room = ? AND state = 'open'`
	tasksOpenBy     = `SELECT COUNT(*) FROM tasks WHERE created_by = ? AND state = 'open'`
)

// CreateTask stores a new task with the room's next number; t.ID and t.Number are set. Run
// it in the transaction that schedules its reminders.
func CreateTask(ctx context.Context, q Querier, t *Task) error {
	err := q.QueryRowContext(ctx, taskInsert, t.Room.Key(), t.Text, t.Owner.ID, t.Owner.Name, t.CreatedBy.ID, t.CreatedBy.Name,
		t.CreatedAt.UnixMilli(), msOrNull(t.Due), t.Source, t.Room.Key()).Scan(&t.ID, &t.Number)
	if err != nil {
		return fmt.Errorf("create task: %w", err)
	}
	t.State = TaskOpen
	return nil
}

// TaskByNumber loads a room's task by the number people type.
func TaskByNumber(ctx context.Context, q Querier, room bot.Room, number int) (Task, error) {
	return oneTask(ctx, q, taskByNumber, room.Key(), number)
}

// TaskByID loads a room's task by its database ID (its jobs use it).
func TaskByID(ctx context.Context, q Querier, room bot.Room, id int64) (Task, error) {
	return oneTask(ctx, q, taskByID, room.Key(), id)
}

// OpenTasks lists a room's open tasks, those due soonest first, then those without a due time.
func OpenTasks(ctx context.Context, q Querier, room bot.Room) ([]Task, error) {
	return queryTasks(ctx, q, tasksOpen, room.Key())
}

// CountOpenTasks counts a room's open tasks, for the room's cap.
func CountOpenTasks(ctx context.Context, q Querier, room bot.Room) (int, error) {
	return count(ctx, q, "tasks", tasksOpenInRoom, room.Key())
}

// CountOpenTasksBy counts the open tasks a member added, in every room, for the member's cap.
func CountOpenTasksBy(ctx context.Context, q Querier, member string) (int, error) {
	return count(ctx, q, "tasks", tasksOpenBy, member)
}

// TasksInPeriod lists a room's tasks created or closed in [from, to), by number: what a
// meeting's minutes or a digest reports.
func TasksInPeriod(ctx context.Context, q Querier, room bot.Room, from, to time.Time) ([]Task, error) {
	f, t := from.UnixMilli(), to.UnixMilli()
	return queryTasks(ctx, q, tasksInPeriod, room.Key(), f, t, f, t)
}

// CloseTask marks an open task done or dropped; false when it was no longer open.
func CloseTask(ctx context.Context, q Querier, id int64, state string, at time.Time, by, note string) (bool, error) {
	return rowChanged(q.ExecContext(ctx, taskClose, state, at.UnixMilli(), by, note, id))
}

// SetTaskOwner gives an open task to a member; false when it was no longer open.
func SetTaskOwner(ctx context.Context, q Querier, id int64, owner bot.Member) (bool, error) {
	return rowChanged(q.ExecContext(ctx, taskSetOwner, owner.ID, owner.Name, id))
}

func oneTask(ctx context.Context, q Querier, query string, args ...any) (Task, error) {
	return queryFirst(ctx, q, "tasks", scanTask, ErrNoTask, query, args...)
}

func queryTasks(ctx context.Context, q Querier, query string, args ...any) ([]Task, error) {
	return queryAll(ctx, q, "tasks", scanTask, query, args...)
}

// scanTask reads one row of the tasks table.
func scanTask(rows rowScanner) (Task, error) {
	var t Task
	var room string
	var created int64
	var due, closed sql.NullInt64
	err := rows.Scan(&t.ID, &room, &t.Number, &t.Text, &t.Owner.ID, &t.Owner.Name, &t.CreatedBy.ID, &t.CreatedBy.Name,
		&created, &due, &t.Source, &t.State, &closed, &t.ClosedBy, &t.Note)
	if err != nil {
		return Task{}, err
	}
	t.Room, _ = bot.ParseRoomKey(room)
	t.CreatedAt, t.Due, t.ClosedAt = time.UnixMilli(created), timeOrZero(due), timeOrZero(closed)
	return t, nil
}
