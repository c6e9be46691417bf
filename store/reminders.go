package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"folkmoot/bot"
)

// ErrNoReminder means the room has no pending reminder with that number.
var ErrNoReminder = errors.New("no such reminder")

// Reminder is a message the bot posts at a time, once or on a schedule.
type Reminder struct {
	ID        int64
	Number    int // per room: what people type
	Text      string
	Member    bot.Member // who "!remind me" mentions; zero reminds the room
	CreatedBy string
	CreatedAt time.Time
	Spec      string    // recurrence in timeparse's canonical form; "" once
	EndedAt   time.Time // cancelled, or a one-shot that fired; zero while pending
	// Often: facilitator-level set it with --often, so it may repeat more often than
	// limits.reminder_min_interval.
	Often bool
}

const reminderColumns = `id, number, text, member, member_name, created_by, created_at, spec, ended_at, often`

const (
	reminderInsert = `INSERT INTO reminders (room, number, text, member, member_name, created_by, created_at, spec, often)
		SELECT ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ?, ?, ?, ? FROM reminders WHERE room = ? RETURNING id, number`
	reminderByNumber = `SELECT ` + reminderColumns + ` FROM reminders WHERE room = ? AND number = ? AND ended_at IS NULL`
	reminderByID     = `SELECT ` + reminderColumns + ` FROM reminders WHERE room = ? AND id = ?`
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

// CreateReminder stores a reminder with the room's next number; r.ID and r.Number are set.
// Run it in the transaction that schedules its job.
func CreateReminder(ctx context.Context, q Querier, room bot.Room, r *Reminder) error {
	err := q.QueryRowContext(ctx, reminderInsert, room.Key(), r.Text, r.Member.ID, r.Member.Name, r.CreatedBy,
		r.CreatedAt.UnixMilli(), r.Spec, r.Often, room.Key()).Scan(&r.ID, &r.Number)
	if err != nil {
		return fmt.Errorf("create reminder: %w", err)
	}
	return nil
}

// PendingReminderByNumber loads a room's pending reminder by its number.
func PendingReminderByNumber(ctx context.Context, q Querier, room bot.Room, number int) (Reminder, error) {
	rs, err := queryReminders(ctx, q, reminderByNumber, room.Key(), number)
	if err != nil {
		return Reminder{}, err
	}
	if len(rs) == 0 {
		return Reminder{}, ErrNoReminder
	}
	return rs[0], nil
}

// ReminderByID loads a room's reminder by its database ID (its job uses it).
func ReminderByID(ctx context.Context, q Querier, room bot.Room, id int64) (Reminder, error) {
	return queryFirst(ctx, q, "reminders", scanReminder, ErrNoReminder, reminderByID, room.Key(), id)
}

// PendingReminders lists a room's reminders that will still fire, by number.
func PendingReminders(ctx context.Context, q Querier, room bot.Room) ([]Reminder, error) {
	return queryReminders(ctx, q, remindersPending, room.Key())
}

// CountOpenReminders counts a room's reminders that will still fire, for the room's cap.
func CountOpenReminders(ctx context.Context, q Querier, room bot.Room) (int, error) {
	return count(ctx, q, "reminders", remindersOpenInRoom, room.Key())
}

// CountOpenRemindersBy counts the reminders a member set that will still fire, in every
// room, for the member's cap.
func CountOpenRemindersBy(ctx context.Context, q Querier, member string) (int, error) {
	return count(ctx, q, "reminders", remindersOpenBy, member)
}

// EndReminder marks a reminder cancelled or fired; false when it had ended already.
func EndReminder(ctx context.Context, q Querier, id int64, at time.Time) (bool, error) {
	return rowChanged(q.ExecContext(ctx, reminderEnd, at.UnixMilli(), id))
}

func queryReminders(ctx context.Context, q Querier, query string, args ...any) ([]Reminder, error) {
	return queryAll(ctx, q, "reminders", scanReminder, query, args...)
}

// scanReminder reads one row of the reminders table.
func scanReminder(rows rowScanner) (Reminder, error) {
	var r Reminder
	var created int64
	var ended sql.NullInt64
	if err := rows.Scan(&r.ID, &r.Number, &r.Text, &r.Member.ID, &r.Member.Name, &r.CreatedBy, &created, &r.Spec, &ended, &r.Often); err != nil {
		return Reminder{}, err
	}
	r.CreatedAt, r.EndedAt = time.UnixMilli(created), timeOrZero(ended)
	return r, nil
}
