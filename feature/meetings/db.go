package meetings

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/meeting"
	"folkmoot/store"
)

// The meetings, meeting_items, meeting_log and meeting_present tables; each function takes a
// store.Querier, so that it runs on the database or inside a transaction.

// Errors of the meeting queries, for callers to turn into room messages.
var (
	ErrNoMeeting      = errors.New("no such meeting")
	ErrMeetingRunning = errors.New("a meeting is already running")
	ErrNoItem         = errors.New("nothing to undo")
)

const meetingColumns = `id, room, number, title, started_by, started_by_name, started_at, ended_at, files`

const (
	meetingInsert = `INSERT INTO meetings (room, number, title, started_by, started_by_name, started_at)
		SELECT ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ? FROM meetings WHERE room = ? RETURNING id, number`
	meetingRunning   = `SELECT ` + meetingColumns + ` FROM meetings WHERE room = ? AND ended_at IS NULL`
	meetingRunningID = `SELECT id FROM meetings WHERE room = ? AND ended_at IS NULL`
	meetingByNumber  = `SELECT ` + meetingColumns + ` FROM meetings WHERE room = ? AND number = ?`
	meetingLast      = `SELECT ` + meetingColumns + ` FROM meetings WHERE room = ? AND ended_at IS NOT NULL ORDER BY ended_at DESC, id DESC LIMIT 1`
	meetingsBetween  = `SELECT ` + meetingColumns + ` FROM meetings WHERE room = ? AND ended_at IS NOT NULL
		AND started_at >= ? AND started_at < ? ORDER BY started_at, id`
	meetingEnd   = `UPDATE meetings SET ended_at = ?, files = ? WHERE id = ? AND ended_at IS NULL`
	meetingFiles = `UPDATE meetings SET files = ? WHERE id = ?`
	itemInsert   = `INSERT INTO meeting_items (meeting, kind, text, url, by_id, by_name, owner_id, owner_name, due_at, task, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	itemColumns = `id, kind, text, url, by_id, by_name, owner_id, owner_name, due_at, task, at`
	itemsSelect = `SELECT ` + itemColumns + ` FROM meeting_items WHERE meeting = ? AND removed = 0 ORDER BY id`
	itemLast    = `SELECT ` + itemColumns + ` FROM meeting_items WHERE meeting = ? AND removed = 0 AND kind <> 'dissent'
		ORDER BY id DESC LIMIT 1`
	itemRemove = `UPDATE meeting_items SET removed = 1 WHERE id = ? AND kind <> 'dissent'`
	logInsert  = `INSERT INTO meeting_log (meeting, member, name, text, at) VALUES (?, ?, ?, ?, ?)`
	logSelect  = `SELECT member, name, text, at FROM meeting_log WHERE meeting = ? ORDER BY id`
	presentAdd = `INSERT INTO meeting_present (meeting, member, name, lines, first_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (meeting, member) DO UPDATE SET lines = meeting_present.lines + excluded.lines,
		name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE meeting_present.name END`
	presentSelect = `SELECT member, name, lines, first_at FROM meeting_present WHERE meeting = ? ORDER BY first_at, member`
)

// StartMeeting stores a new running meeting with the room's next number; m.ID and m.Number
// are set. ErrMeetingRunning when the room already has one.
func StartMeeting(ctx context.Context, q store.Querier, m *meeting.Meeting) error {
	err := q.QueryRowContext(ctx, meetingInsert, m.Room.Key(), m.Title, m.StartedBy.ID, m.StartedBy.Name,
		m.Start.UnixMilli(), m.Room.Key()).Scan(&m.ID, &m.Number)
	// The partial index on running meetings is what refuses a second one; a clash of
	// numbers (two starts racing) names the number column too and is an ordinary error.
	// SQLite names the columns, PostgreSQL the index.
	if err != nil && (strings.Contains(err.Error(), "UNIQUE constraint failed: meetings.room") && !strings.Contains(err.Error(), "number") ||
		store.Violated(err) == "meetings_running") {
		return ErrMeetingRunning
	}
	if err != nil {
		return fmt.Errorf("start meeting: %w", err)
	}
	return nil
}

// RunningMeeting is the room's running meeting; ErrNoMeeting when none runs.
func RunningMeeting(ctx context.Context, q store.Querier, room bot.Room) (meeting.Meeting, error) {
	return oneMeeting(ctx, q, meetingRunning, room.Key())
}

// RunningMeetingID is the ID of the room's running meeting, or 0: the one indexed look-up
// every message of the room costs.
func RunningMeetingID(ctx context.Context, q store.Querier, room bot.Room) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, meetingRunningID, room.Key()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read running meeting: %w", err)
	}
	return id, nil
}

// MeetingByNumber loads a room's meeting by the number people type.
func MeetingByNumber(ctx context.Context, q store.Querier, room bot.Room, number int) (meeting.Meeting, error) {
	return oneMeeting(ctx, q, meetingByNumber, room.Key(), number)
}

// LastMeeting is the room's most recently ended meeting.
func LastMeeting(ctx context.Context, q store.Querier, room bot.Room) (meeting.Meeting, error) {
	return oneMeeting(ctx, q, meetingLast, room.Key())
}

// MeetingsBetween lists a room's ended meetings that started in [from, to), oldest first.
func MeetingsBetween(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) ([]meeting.Meeting, error) {
	return manyMeetings(ctx, q, meetingsBetween, room.Key(), from.UnixMilli(), to.UnixMilli())
}

// EndMeeting ends a running meeting and records where its minutes go, once: false when it
// had already ended.
func EndMeeting(ctx context.Context, q store.Querier, id int64, at time.Time, files string) (bool, error) {
	res, err := q.ExecContext(ctx, meetingEnd, at.UnixMilli(), files, id)
	if err != nil {
		return false, fmt.Errorf("end meeting: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// SetMeetingFiles records where a meeting's minutes were written.
func SetMeetingFiles(ctx context.Context, q store.Querier, id int64, files string) error {
	if _, err := q.ExecContext(ctx, meetingFiles, files, id); err != nil {
		return fmt.Errorf("record minutes files: %w", err)
	}
	return nil
}

// AddMeetingItem records an item in a meeting and sets it.ID.
func AddMeetingItem(ctx context.Context, q store.Querier, mid int64, it *meeting.Item) error {
	var due any
	if !it.Due.IsZero() {
		due = it.Due.UnixMilli()
	}
	if err := q.QueryRowContext(ctx, itemInsert, mid, it.Kind, it.Text, it.URL, it.By.ID, it.By.Name, it.Owner.ID,
		it.Owner.Name, due, it.Task, it.At.UnixMilli()).Scan(&it.ID); err != nil {
		return fmt.Errorf("record item: %w", err)
	}
	return nil
}

// MeetingItems lists a meeting's items (not the undone ones) in the order they were recorded.
func MeetingItems(ctx context.Context, q store.Querier, mid int64) ([]meeting.Item, error) {
	rows, err := q.QueryContext(ctx, itemsSelect, mid)
	if err != nil {
		return nil, fmt.Errorf("read items: %w", err)
	}
	defer rows.Close()
	var out []meeting.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// UndoMeetingItem removes the meeting's last item that is not dissent, and returns it;
// ErrNoItem when there is none. Dissent is the conflict record: it is never removed.
func UndoMeetingItem(ctx context.Context, q store.Querier, mid int64) (meeting.Item, error) {
	rows, err := q.QueryContext(ctx, itemLast, mid)
	if err != nil {
		return meeting.Item{}, fmt.Errorf("read last item: %w", err)
	}
	var it meeting.Item
	found := rows.Next()
	if found {
		it, err = scanItem(rows)
	}
	rows.Close()
	if err != nil {
		return it, err
	}
	if !found {
		return it, ErrNoItem
	}
	if _, err := q.ExecContext(ctx, itemRemove, it.ID); err != nil {
		return it, fmt.Errorf("undo item: %w", err)
	}
	return it, nil
}

// AddLogLine keeps a message in a meeting's log and counts the line for its speaker, who
// is thereby present.
func AddLogLine(ctx context.Context, q store.Querier, mid int64, l meeting.LogLine) error {
	at := l.At.UnixMilli()
	if _, err := q.ExecContext(ctx, logInsert, mid, l.Member.ID, l.Member.Name, l.Text, at); err != nil {
		return fmt.Errorf("log line: %w", err)
	}
	if _, err := q.ExecContext(ctx, presentAdd, mid, l.Member.ID, l.Member.Name, 1, at); err != nil {
		return fmt.Errorf("count line: %w", err)
	}
	return nil
}

// MarkPresent records a member as present without counting a line.
func MarkPresent(ctx context.Context, q store.Querier, mid int64, m bot.Member, at time.Time) error {
	if _, err := q.ExecContext(ctx, presentAdd, mid, m.ID, m.Name, 0, at.UnixMilli()); err != nil {
		return fmt.Errorf("mark present: %w", err)
	}
	return nil
}

// MeetingLog lists every line said during a meeting, in order; each calls fn so a long log
// is written out without being held in memory.
func MeetingLog(ctx context.Context, q store.Querier, mid int64, fn func(meeting.LogLine) error) error {
	rows, err := q.QueryContext(ctx, logSelect, mid)
	if err != nil {
		return fmt.Errorf("read log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l meeting.LogLine
		var at int64
		if err := rows.Scan(&l.Member.ID, &l.Member.Name, &l.Text, &at); err != nil {
			return fmt.Errorf("read log: %w", err)
		}
		l.At = time.UnixMilli(at)
		if err := fn(l); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Attendance lists who was present at a meeting, in the order they arrived.
func Attendance(ctx context.Context, q store.Querier, mid int64) ([]meeting.Attendee, error) {
	rows, err := q.QueryContext(ctx, presentSelect, mid)
	if err != nil {
		return nil, fmt.Errorf("read attendance: %w", err)
	}
	defer rows.Close()
	var out []meeting.Attendee
	for rows.Next() {
		var a meeting.Attendee
		var first int64
		if err := rows.Scan(&a.Member.ID, &a.Member.Name, &a.Lines, &first); err != nil {
			return nil, fmt.Errorf("read attendance: %w", err)
		}
		a.First = time.UnixMilli(first)
		out = append(out, a)
	}
	return out, rows.Err()
}

func scanItem(rows *sql.Rows) (meeting.Item, error) {
	var it meeting.Item
	var due sql.NullInt64
	var at int64
	err := rows.Scan(&it.ID, &it.Kind, &it.Text, &it.URL, &it.By.ID, &it.By.Name, &it.Owner.ID, &it.Owner.Name, &due, &it.Task, &at)
	if err != nil {
		return it, fmt.Errorf("read item: %w", err)
	}
	if due.Valid {
		it.Due = time.UnixMilli(due.Int64)
	}
	it.At = time.UnixMilli(at)
	return it, nil
}

func oneMeeting(ctx context.Context, q store.Querier, query string, args ...any) (meeting.Meeting, error) {
	return store.First(ctx, q, "meetings", scanMeeting, ErrNoMeeting, query, args...)
}

func manyMeetings(ctx context.Context, q store.Querier, query string, args ...any) ([]meeting.Meeting, error) {
	return store.All(ctx, q, "meetings", scanMeeting, query, args...)
}

// scanMeeting reads one row of the meetings table.
func scanMeeting(rows store.Scanner) (meeting.Meeting, error) {
	var m meeting.Meeting
	var room string
	var start int64
	var end sql.NullInt64
	if err := rows.Scan(&m.ID, &room, &m.Number, &m.Title, &m.StartedBy.ID, &m.StartedBy.Name, &start, &end, &m.Files); err != nil {
		return meeting.Meeting{}, err
	}
	m.Room, _ = bot.ParseRoomKey(room)
	m.Start = time.UnixMilli(start)
	if end.Valid {
		m.End = time.UnixMilli(end.Int64)
	}
	return m, nil
}

// Latest is the room's running meeting, else its last ended one, with how many were present
// at it; found is false when the room has never met. The app gives it to the rounds feature,
// whose !stats sum up the figures since the latest meeting began.
func Latest(ctx context.Context, q store.Querier, room bot.Room) (m meeting.Meeting, present int, found bool, err error) {
	m, err = RunningMeeting(ctx, q, room)
	if errors.Is(err, ErrNoMeeting) {
		m, err = LastMeeting(ctx, q, room)
	}
	if errors.Is(err, ErrNoMeeting) {
		return m, 0, false, nil
	}
	if err != nil {
		return m, 0, false, err
	}
	att, err := Attendance(ctx, q, m.ID)
	return m, len(att), err == nil, err
}
