package tasks

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
	"folkmoot/task"
)

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

// createTask stores a new task with the room's next number; t.ID and t.Number are set. Run
// it in the transaction that schedules its reminders.
func createTask(ctx context.Context, q store.Querier, t *task.Task) error {
	err := q.QueryRowContext(ctx, taskInsert, t.Room.Key(), t.Text, t.Owner.ID, t.Owner.Name, t.CreatedBy.ID, t.CreatedBy.Name,
		t.CreatedAt.UnixMilli(), store.MillisOrNull(t.Due), t.Source, t.Room.Key()).Scan(&t.ID, &t.Number)
	if err != nil {
		return fmt.Errorf("create task: %w", err)
	}
	t.State = task.Open
	return nil
}

// ByNumber loads a room's task by the number people type; task.ErrNotFound when there is
// none. A meeting's minutes follow an action's task with it (app gives it to meetings).
func ByNumber(ctx context.Context, q store.Querier, room bot.Room, number int) (task.Task, error) {
	return oneTask(ctx, q, taskByNumber, room.Key(), number)
}

// byID loads a room's task by its database ID (its jobs use it).
func byID(ctx context.Context, q store.Querier, room bot.Room, id int64) (task.Task, error) {
	return oneTask(ctx, q, taskByID, room.Key(), id)
}

// ListOpen lists a room's open tasks, those due soonest first, then those without a due
// time: for !tasks, !status and the digests (app gives it to meetings).
func ListOpen(ctx context.Context, q store.Querier, room bot.Room) ([]task.Task, error) {
	return queryTasks(ctx, q, tasksOpen, room.Key())
}

// countOpen counts a room's open tasks, for the room's cap.
func countOpen(ctx context.Context, q store.Querier, room bot.Room) (int, error) {
	return store.Count(ctx, q, "tasks", tasksOpenInRoom, room.Key())
}

// countOpenBy counts the open tasks a member added, in every room, for the member's cap.
func countOpenBy(ctx context.Context, q store.Querier, member string) (int, error) {
	return store.Count(ctx, q, "tasks", tasksOpenBy, member)
}

// inPeriod lists a room's tasks created or closed in [from, to), by number: what a
// meeting's minutes or a digest reports.
func inPeriod(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) ([]task.Task, error) {
	f, t := from.UnixMilli(), to.UnixMilli()
	return queryTasks(ctx, q, tasksInPeriod, room.Key(), f, t, f, t)
}

// storeClose marks an open task done or dropped; false when it was no longer open.
func storeClose(ctx context.Context, q store.Querier, id int64, state string, at time.Time, by, note string) (bool, error) {
	return store.Changed(q.ExecContext(ctx, taskClose, state, at.UnixMilli(), by, note, id))
}

// storeOwner gives an open task to a member; false when it was no longer open.
func storeOwner(ctx context.Context, q store.Querier, id int64, owner bot.Member) (bool, error) {
	return store.Changed(q.ExecContext(ctx, taskSetOwner, owner.ID, owner.Name, id))
}

// oneTask reads the task a query finds, or task.ErrNotFound.
func oneTask(ctx context.Context, q store.Querier, query string, args ...any) (task.Task, error) {
	return store.First(ctx, q, "tasks", scanTask, task.ErrNotFound, query, args...)
}

// queryTasks reads the tasks a query finds.
func queryTasks(ctx context.Context, q store.Querier, query string, args ...any) ([]task.Task, error) {
	return store.All(ctx, q, "tasks", scanTask, query, args...)
}

// scanTask reads one row of the tasks table.
func scanTask(rows store.Scanner) (task.Task, error) {
	var t task.Task
	var room string
	var created int64
	var due, closed sql.NullInt64
	err := rows.Scan(&t.ID, &room, &t.Number, &t.Text, &t.Owner.ID, &t.Owner.Name, &t.CreatedBy.ID, &t.CreatedBy.Name,
		&created, &due, &t.Source, &t.State, &closed, &t.ClosedBy, &t.Note)
	if err != nil {
		return task.Task{}, err
	}
	t.Room, _ = bot.ParseRoomKey(room)
	t.CreatedAt, t.Due, t.ClosedAt = time.UnixMilli(created), store.TimeOrZero(due), store.TimeOrZero(closed)
	return t, nil
}
