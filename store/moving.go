package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/rotation"
)

// This file is a bridge for the merge of issue 20, not a design. The store files that move
// into their features at the same time on another branch (mandates.go, tasks.go, tools.go,
// reminders.go and their tests) still use these helpers and the delegate-term queries, whose
// files (roles.go, roles_terms.go) moved to feature/roles. Delete it once those files are
// gone and the mandates feature writes its delegate terms through a query or hook of its own.

// Term is a role's term, now rotation.Term; the mandates write delegate terms.
type Term = rotation.Term

// The delegate role and how its terms come about, now in rotation.
const (
	DelegateRole = rotation.DelegateRole
	ViaMandate   = rotation.ViaMandate
)

const (
	bridgeTermColumns = `id, role, member, via, COALESCE(pick, 0), started_at, ended_at, consent_until, state, note`
	bridgeTermInsert  = `INSERT INTO role_terms (room, role, member, via, pick, started_at, consent_until) VALUES (?, ?, ?, ?, ?, ?, ?)`
	bridgeTermByID    = `SELECT ` + bridgeTermColumns + ` FROM role_terms WHERE room = ? AND id = ?`
	bridgeTermsNow    = `SELECT ` + bridgeTermColumns + ` FROM role_terms WHERE room = ? AND state = 'held' AND ended_at IS NULL
		ORDER BY role, started_at, id`
	bridgeTermEnd = `UPDATE role_terms SET ended_at = ?, consent_until = NULL WHERE id = ? AND state = 'held' AND ended_at IS NULL`
)

// StartTerm stores a new term in a room and sets t.ID (feature/roles has the same).
func StartTerm(ctx context.Context, q Querier, room bot.Room, t *Term) error {
	pick := sql.NullInt64{Int64: t.Pick, Valid: t.Pick != 0}
	res, err := q.ExecContext(ctx, bridgeTermInsert, room.Key(), t.Role, t.Member, t.Via, pick, t.Start.UnixMilli(), msOrNull(t.ConsentUntil))
	if err != nil {
		return fmt.Errorf("start term: %w", err)
	}
	t.State = rotation.TermHeld
	t.ID, err = res.LastInsertId()
	return err
}

// EndTerm ends a running term at at; false when it was not running (feature/roles has the same).
func EndTerm(ctx context.Context, q Querier, id int64, at time.Time) (bool, error) {
	return rowChanged(q.ExecContext(ctx, bridgeTermEnd, at.UnixMilli(), id))
}

// TermByID loads one of a room's terms (feature/roles has the same).
func TermByID(ctx context.Context, q Querier, room bot.Room, id int64) (Term, error) {
	return First(ctx, q, "terms", bridgeScanTerm, sql.ErrNoRows, bridgeTermByID, room.Key(), id)
}

// CurrentTerms lists the terms held now in a room, by role and start (feature/roles has the same).
func CurrentTerms(ctx context.Context, q Querier, room bot.Room) ([]Term, error) {
	return All(ctx, q, "terms", bridgeScanTerm, bridgeTermsNow, room.Key())
}

func bridgeScanTerm(rows Scanner) (Term, error) {
	var t Term
	var start int64
	var end, consent sql.NullInt64
	if err := rows.Scan(&t.ID, &t.Role, &t.Member, &t.Via, &t.Pick, &start, &end, &consent, &t.State, &t.Note); err != nil {
		return Term{}, err
	}
	t.Start, t.End, t.ConsentUntil = time.UnixMilli(start), timeOrZero(end), timeOrZero(consent)
	return t, nil
}

// timeOrZero reads a nullable time column; NULL is the zero time.
func timeOrZero(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64)
}

// msOrNull writes a time to a nullable column; the zero time is NULL.
func msOrNull(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

// rowChanged turns an UPDATE's result into "did it change a row".
func rowChanged(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, fmt.Errorf("update: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
