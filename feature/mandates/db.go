package mandates

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"folkmoot/bot"
	"folkmoot/mandate"
	"folkmoot/store"
)

const mandateColumns = `id, number, member, member_name, scope, given_by, starts_at, ends_at, ended_at, end_reason, ended_by, term, council`

const (
	mandateInsert = `INSERT INTO mandates (room, number, member, member_name, scope, given_by, starts_at, ends_at, term, council)
		SELECT ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ? FROM mandates WHERE room = ? RETURNING id, number`
	// The standing delegates toward a council, from every assembly; room is the assembly.
	delegatesTo        = `SELECT ` + mandateColumns + `, room FROM mandates WHERE council = ? AND ended_at IS NULL ORDER BY room, number`
	mandateByNumberSQL = `SELECT ` + mandateColumns + ` FROM mandates WHERE room = ? AND number = ?`
	mandateByIDSQL     = `SELECT ` + mandateColumns + ` FROM mandates WHERE room = ? AND id = ?`
	mandatesActive     = `SELECT ` + mandateColumns + ` FROM mandates WHERE room = ? AND ended_at IS NULL ORDER BY ends_at, number`
	mandatesEnded      = `SELECT ` + mandateColumns + ` FROM mandates WHERE room = ? AND ended_at >= ? ORDER BY ended_at DESC, number DESC`
	mandatesAll        = `SELECT ` + mandateColumns + ` FROM mandates WHERE room = ? ORDER BY number`
	mandateEnd         = `UPDATE mandates SET ended_at = ?, end_reason = ?, ended_by = ? WHERE id = ? AND ended_at IS NULL`

	// A mandate is also a term of the delegate role, written and ended with it: the roles
	// feature reads these rows for !history, and never rotates the role.
	delegateTermStart = `INSERT INTO role_terms (room, role, member, via, started_at) VALUES (?, 'delegate', ?, 'mandate', ?) RETURNING id`
	delegateTermEnd   = `UPDATE role_terms SET ended_at = ?, consent_until = NULL WHERE id = ? AND state = 'held' AND ended_at IS NULL`
)

// createMandate stores a new mandate with its delegate term, giving it the room's next
// number; m.ID, m.Number and m.Term are set. Run it in the transaction that schedules its
// end and reminders.
func createMandate(ctx context.Context, q store.Querier, room bot.Room, m *mandate.Mandate) error {
	if err := q.QueryRowContext(ctx, delegateTermStart, room.Key(), m.Member.ID, m.Start.UnixMilli()).Scan(&m.Term); err != nil {
		return fmt.Errorf("start delegate term: %w", err)
	}
	err := q.QueryRowContext(ctx, mandateInsert, room.Key(), m.Member.ID, m.Member.Name, m.Scope, m.GivenBy,
		m.Start.UnixMilli(), m.Ends.UnixMilli(), m.Term, councilKey(m.Council), room.Key()).Scan(&m.ID, &m.Number)
	if err != nil {
		return fmt.Errorf("create mandate: %w", err)
	}
	return nil
}

// mandateByNumber loads a room's mandate by the number people type.
func mandateByNumber(ctx context.Context, q store.Querier, room bot.Room, number int) (mandate.Mandate, error) {
	return store.First(ctx, q, "mandates", scanMandate, mandate.ErrNotFound, mandateByNumberSQL, room.Key(), number)
}

// mandateByID loads a room's mandate by its database ID (jobs and vote links use it).
func mandateByID(ctx context.Context, q store.Querier, room bot.Room, id int64) (mandate.Mandate, error) {
	return store.First(ctx, q, "mandates", scanMandate, mandate.ErrNotFound, mandateByIDSQL, room.Key(), id)
}

// Active lists a room's running mandates, the soonest to end first: for !mandates, !status
// and the digests (app gives it to the meetings feature).
func Active(ctx context.Context, q store.Querier, room bot.Room) ([]mandate.Mandate, error) {
	return store.All(ctx, q, "mandates", scanMandate, mandatesActive, room.Key())
}

// endedSince lists a room's mandates that ended at or after since, latest first.
func endedSince(ctx context.Context, q store.Querier, room bot.Room, since time.Time) ([]mandate.Mandate, error) {
	return store.All(ctx, q, "mandates", scanMandate, mandatesEnded, room.Key(), since.UnixMilli())
}

// All lists every mandate of a room by number: what a meeting's minutes read (app gives it
// to the meetings feature).
func All(ctx context.Context, q store.Querier, room bot.Room) ([]mandate.Mandate, error) {
	return store.All(ctx, q, "mandates", scanMandate, mandatesAll, room.Key())
}

// endMandate ends an active mandate and its delegate term at at; false when it had ended.
func endMandate(ctx context.Context, q store.Querier, m mandate.Mandate, at time.Time, reason, by string) (bool, error) {
	ok, err := store.Changed(q.ExecContext(ctx, mandateEnd, at.UnixMilli(), reason, by, m.ID))
	if err != nil || !ok {
		return ok, err
	}
	if _, err := store.Changed(q.ExecContext(ctx, delegateTermEnd, at.UnixMilli(), m.Term)); err != nil {
		return false, fmt.Errorf("end delegate term: %w", err)
	}
	return true, nil
}

// scanMandate reads one row of the mandates table.
func scanMandate(rows store.Scanner) (mandate.Mandate, error) {
	var m mandate.Mandate
	var start, ends int64
	var ended sql.NullInt64
	var council string
	err := rows.Scan(&m.ID, &m.Number, &m.Member.ID, &m.Member.Name, &m.Scope, &m.GivenBy, &start, &ends, &ended,
		&m.EndReason, &m.EndedBy, &m.Term, &council)
	if err != nil {
		return mandate.Mandate{}, err
	}
	m.Council, _ = bot.ParseRoomKey(council)
	m.Start, m.Ends = time.UnixMilli(start), time.UnixMilli(ends)
	if ended.Valid {
		m.EndedAt = time.UnixMilli(ended.Int64)
	}
	return m, nil
}

// councilKey is how a mandate's council is stored: "" for none.
func councilKey(room bot.Room) string {
	if room == (bot.Room{}) {
		return ""
	}
	return room.Key()
}

// delegate is a standing delegate toward a council, with the assembly it speaks for.
type delegate struct {
	Assembly bot.Room
	Mandate  mandate.Mandate
}

// delegatesToward lists the standing delegates toward a council, from every assembly.
func delegatesToward(ctx context.Context, q store.Querier, council bot.Room) ([]delegate, error) {
	return store.All(ctx, q, "delegates", func(row store.Scanner) (delegate, error) {
		var room string
		m, err := scanMandate(withRoom{row, &room})
		assembly, _ := bot.ParseRoomKey(room)
		return delegate{Assembly: assembly, Mandate: m}, err
	}, delegatesTo, council.Key())
}

// Delegates lists the standing delegates toward a council, from every assembly, each once:
// who votes in the council's votes of delegates.
func Delegates(ctx context.Context, q store.Querier, council bot.Room) ([]bot.Member, error) {
	all, err := delegatesToward(ctx, q, council)
	var out []bot.Member
	for _, d := range all {
		if !slices.ContainsFunc(out, func(m bot.Member) bool { return m.ID == d.Mandate.Member.ID }) {
			out = append(out, d.Mandate.Member)
		}
	}
	return out, err
}

// withRoom scans a mandate row followed by its room.
type withRoom struct {
	store.Scanner
	room *string
}

// Scan implements store.Scanner.
func (w withRoom) Scan(dest ...any) error { return w.Scanner.Scan(append(dest, w.room)...) }
