package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"folkmoot/bot"
)

// Why a mandate ended.
const (
	MandateExpired  = "expired"  // reached its end by itself
	MandateEnded    = "ended"    // ended early by the delegate or the facilitator-level
	MandateRecalled = "recalled" // a recall vote passed
)

// ErrNoMandate means the room has no mandate with that number or ID.
var ErrNoMandate = errors.New("no such mandate")

// Mandate is a delegate's mandate: a scope and an end. Each is also a term of the
// delegate role.
type Mandate struct {
	ID        int64
	Number    int // per room: what people type (#3)
	Member    bot.Member
	Scope     string
	GivenBy   string
	Start     time.Time
	Ends      time.Time // when it ends by itself
	EndedAt   time.Time // zero while active
	EndReason string    // MandateExpired, MandateEnded or MandateRecalled once ended
	EndedBy   string    // who ended it early
	Term      int64
}

// Active reports whether the mandate has not ended.
func (m Mandate) Active() bool { return m.EndedAt.IsZero() }

const mandateColumns = `id, number, member, member_name, scope, given_by, starts_at, ends_at, ended_at, end_reason, ended_by, term`

const (
	mandateInsert = `INSERT INTO mandates (room, number, member, member_name, scope, given_by, starts_at, ends_at, term)
		SELECT ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ?, ?, ?, ? FROM mandates WHERE room = ? RETURNING id, number`
	mandateByNumber = `SELECT ` + mandateColumns + ` FROM mandates WHERE room = ? AND number = ?`
	mandateByID     = `SELECT ` + mandateColumns + ` FROM mandates WHERE room = ? AND id = ?`
	mandatesActive  = `SELECT ` + mandateColumns + ` FROM mandates WHERE room = ? AND ended_at IS NULL ORDER BY ends_at, number`
	mandatesEnded   = `SELECT ` + mandateColumns + ` FROM mandates WHERE room = ? AND ended_at >= ? ORDER BY ended_at DESC, number DESC`
	mandatesAll     = `SELECT ` + mandateColumns + ` FROM mandates WHERE room = ? ORDER BY number`
	mandateEnd      = `UPDATE mandates SET ended_at = ?, end_reason = ?, ended_by = ? WHERE id = ? AND ended_at IS NULL`
)

// CreateMandate stores a new mandate with its delegate term, giving it the room's next
// number; m.ID, m.Number and m.Term are set. Run it in the transaction that schedules its
// end and reminders.
func CreateMandate(ctx context.Context, q Querier, room bot.Room, m *Mandate) error {
	t := Term{Role: DelegateRole, Member: m.Member.ID, Via: ViaMandate, Start: m.Start}
	if err := StartTerm(ctx, q, room, &t); err != nil {
		return err
	}
	m.Term = t.ID
	err := q.QueryRowContext(ctx, mandateInsert, room.Key(), m.Member.ID, m.Member.Name, m.Scope, m.GivenBy,
		m.Start.UnixMilli(), m.Ends.UnixMilli(), m.Term, room.Key()).Scan(&m.ID, &m.Number)
	if err != nil {
		return fmt.Errorf("create mandate: %w", err)
	}
	return nil
}

// MandateByNumber loads a room's mandate by the number people type.
func MandateByNumber(ctx context.Context, q Querier, room bot.Room, number int) (Mandate, error) {
	return oneMandate(ctx, q, mandateByNumber, room.Key(), number)
}

// MandateByID loads a room's mandate by its database ID (jobs and vote links use it).
func MandateByID(ctx context.Context, q Querier, room bot.Room, id int64) (Mandate, error) {
	return oneMandate(ctx, q, mandateByID, room.Key(), id)
}

// ActiveMandates lists a room's running mandates, the soonest to end first.
func ActiveMandates(ctx context.Context, q Querier, room bot.Room) ([]Mandate, error) {
	return queryMandates(ctx, q, mandatesActive, room.Key())
}

// MandatesEndedSince lists a room's mandates that ended at or after since, latest first.
func MandatesEndedSince(ctx context.Context, q Querier, room bot.Room, since time.Time) ([]Mandate, error) {
	return queryMandates(ctx, q, mandatesEnded, room.Key(), since.UnixMilli())
}

// AllMandates lists every mandate of a room by number.
func AllMandates(ctx context.Context, q Querier, room bot.Room) ([]Mandate, error) {
	return queryMandates(ctx, q, mandatesAll, room.Key())
}

// EndMandate ends an active mandate and its delegate term at at; false when it had ended.
func EndMandate(ctx context.Context, q Querier, m Mandate, at time.Time, reason, by string) (bool, error) {
	ok, err := rowChanged(q.ExecContext(ctx, mandateEnd, at.UnixMilli(), reason, by, m.ID))
	if err != nil || !ok {
		return ok, err
	}
	if _, err := EndTerm(ctx, q, m.Term, at); err != nil {
		return false, err
	}
	return true, nil
}

func oneMandate(ctx context.Context, q Querier, query string, args ...any) (Mandate, error) {
	return queryFirst(ctx, q, "mandates", scanMandate, ErrNoMandate, query, args...)
}

func queryMandates(ctx context.Context, q Querier, query string, args ...any) ([]Mandate, error) {
	return queryAll(ctx, q, "mandates", scanMandate, query, args...)
}

// scanMandate reads one row of the mandates table.
func scanMandate(rows rowScanner) (Mandate, error) {
	var m Mandate
	var start, ends int64
	var ended sql.NullInt64
	err := rows.Scan(&m.ID, &m.Number, &m.Member.ID, &m.Member.Name, &m.Scope, &m.GivenBy, &start, &ends, &ended,
		&m.EndReason, &m.EndedBy, &m.Term)
	if err != nil {
		return Mandate{}, err
	}
	m.Start, m.Ends, m.EndedAt = time.UnixMilli(start), time.UnixMilli(ends), timeOrZero(ended)
	return m, nil
}
