package reminders

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/reminder"
	"folkmoot/store"
)

const reminderColumns = `id, number, text, member, member_name, created_by, created_at, spec, ended_at, often`

const (
	reminderInsert = `INSERT INTO reminders (room, number, text, member, member_name, created_by, created_at, spec, often)
		SELECT ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ?, ?, ?, ? FROM reminders WHERE room = ? RETURNING id, number`
	reminderByNumber = `SELECT ` + reminderColumns + ` FROM reminders WHERE room = ? AND number = ? AND ended_at IS NULL`
	reminderByIDSQL  = `SELECT ` + reminderColumns + ` FROM reminders WHERE room = ? AND id = ?`
	remindersPending = `SELECT ` + reminderColumns + ` FROM reminders WHERE room = ? AND ended_at IS NULL ORDER BY number`
	reminderEnd      = `UPDATE reminders SET ended_at = ? WHERE id = ? AND ended_at IS NULL`
	// A reminder is open while it has a job to fire: a one-time reminder that was missed
	// during an outage has none, though it never ended. Counted on the indexes
	// reminders_open or reminders_creator, and jobs_ref.
	remindersOpen = `SELECT COUNT(*) FROM reminders AS r WHERE %s AND r.ended_at IS NULL AND EXISTS (SELECT 1 FROM jobs AS j
		WHERE j.room = r.room AND j.kind = 'reminder' AND j.ref = CAST(r.id AS TEXT) AND j.state = 'pending')`
)

var (
	remindersOpenInRoom = fmt.Sprintf(remindersOpen, "r.room = ?")
	remindersOpenBy     = fmt.Sprintf(remindersOpen, "r.created_by = ?")
)

// createReminder stores a reminder with the room's next number; r.ID and r.Number are set.
// Run it in the transaction that schedules its job.
func createReminder(ctx context.Context, q store.Querier, room bot.Room, r *reminder.Reminder) error {
	err := q.QueryRowContext(ctx, reminderInsert, room.Key(), r.Text, r.Member.ID, r.Member.Name, r.CreatedBy,
		r.CreatedAt.UnixMilli(), r.Spec, r.Often, room.Key()).Scan(&r.ID, &r.Number)
	if err != nil {
		return fmt.Errorf("create reminder: %w", err)
	}
	return nil
}

// pendingByNumber loads a room's pending reminder by its number.
func pendingByNumber(ctx context.Context, q store.Querier, room bot.Room, number int) (reminder.Reminder, error) {
	rs, err := queryReminders(ctx, q, reminderByNumber, room.Key(), number)
	if err != nil {
		return reminder.Reminder{}, err
	}
	if len(rs) == 0 {
		return reminder.Reminder{}, reminder.ErrNotFound
	}
	return rs[0], nil
}

// reminderByID loads a room's reminder by its database ID (its job uses it).
func reminderByID(ctx context.Context, q store.Querier, room bot.Room, id int64) (reminder.Reminder, error) {
	return store.First(ctx, q, "reminders", scanReminder, reminder.ErrNotFound, reminderByIDSQL, room.Key(), id)
}

// pendingReminders lists a room's reminders that will still fire, by number.
func pendingReminders(ctx context.Context, q store.Querier, room bot.Room) ([]reminder.Reminder, error) {
	return queryReminders(ctx, q, remindersPending, room.Key())
}

// countOpen counts a room's reminders that will still fire, for the room's cap.
func countOpen(ctx context.Context, q store.Querier, room bot.Room) (int, error) {
	return store.Count(ctx, q, "reminders", remindersOpenInRoom, room.Key())
}

// countOpenBy counts the reminders a member set that will still fire, in every
// room, for the member's cap.
func countOpenBy(ctx context.Context, q store.Querier, member string) (int, error) {
	return store.Count(ctx, q, "reminders", remindersOpenBy, member)
}

// endReminder marks a reminder cancelled or fired; false when it had ended already.
func endReminder(ctx context.Context, q store.Querier, id int64, at time.Time) (bool, error) {
	return store.Changed(q.ExecContext(ctx, reminderEnd, at.UnixMilli(), id))
}

// queryReminders reads the reminders a query finds.
func queryReminders(ctx context.Context, q store.Querier, query string, args ...any) ([]reminder.Reminder, error) {
	return store.All(ctx, q, "reminders", scanReminder, query, args...)
}

// scanReminder reads one row of the reminders table.
func scanReminder(rows store.Scanner) (reminder.Reminder, error) {
	var r reminder.Reminder
	var created int64
	var ended sql.NullInt64
	if err := rows.Scan(&r.ID, &r.Number, &r.Text, &r.Member.ID, &r.Member.Name, &r.CreatedBy, &created, &r.Spec, &ended, &r.Often); err != nil {
		return reminder.Reminder{}, err
	}
	r.CreatedAt = time.UnixMilli(created)
	if ended.Valid {
		r.EndedAt = time.UnixMilli(ended.Int64)
	}
	return r, nil
}
