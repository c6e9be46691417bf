package roles

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/rotation"
	"folkmoot/store"
)

// ErrNoTerm means there is no such term in the room.
var ErrNoTerm = errors.New("no such term")

const termColumns = `id, role, member, via, COALESCE(pick, 0), started_at, ended_at, consent_until, state, note`

const (
	termInsert = `INSERT INTO role_terms (room, role, member, via, pick, started_at, consent_until) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`
	termByID   = `SELECT ` + termColumns + ` FROM role_terms WHERE room = ? AND id = ?`
	termsNow   = `SELECT ` + termColumns + ` FROM role_terms WHERE room = ? AND state = 'held' AND ended_at IS NULL
		ORDER BY role, started_at, id`
	termsHeld    = `SELECT ` + termColumns + ` FROM role_terms WHERE room = ? AND state = 'held' ORDER BY started_at, id`
	termsHistory = `SELECT ` + termColumns + ` FROM role_terms WHERE room = ? AND state IN ('held', 'handed')
		AND (? = '' OR role = ?) ORDER BY started_at DESC, id DESC LIMIT ?`
	termsConsent = `SELECT ` + termColumns + ` FROM role_terms WHERE room = ? AND member = ? AND state = 'held'
		AND ended_at IS NULL AND consent_until > ? ORDER BY started_at, id`
	termEnd     = `UPDATE role_terms SET ended_at = ?, consent_until = NULL WHERE id = ? AND state = 'held' AND ended_at IS NULL`
	termConfirm = `UPDATE role_terms SET consent_until = NULL WHERE id = ? AND state = 'held' AND ended_at IS NULL AND consent_until IS NOT NULL`
	termRetire  = `UPDATE role_terms SET state = ?, ended_at = ?, consent_until = NULL, note = ?
		WHERE id = ? AND state = 'held' AND ended_at IS NULL`
)

// StartTerm stores a new term in a room and sets t.ID.
func StartTerm(ctx context.Context, q store.Querier, room bot.Room, t *rotation.Term) error {
	pick := sql.NullInt64{Int64: t.Pick, Valid: t.Pick != 0}
	if err := q.QueryRowContext(ctx, termInsert, room.Key(), t.Role, t.Member, t.Via, pick, t.Start.UnixMilli(), store.MillisOrNull(t.ConsentUntil)).Scan(&t.ID); err != nil {
		return fmt.Errorf("start term: %w", err)
	}
	t.State = rotation.TermHeld
	return nil
}

// TermByID loads one of a room's terms.
func TermByID(ctx context.Context, q store.Querier, room bot.Room, id int64) (rotation.Term, error) {
	return store.First(ctx, q, "terms", scanTerm, ErrNoTerm, termByID, room.Key(), id)
}

// CurrentTerms lists the terms held now in a room, by role and start.
func CurrentTerms(ctx context.Context, q store.Querier, room bot.Room) ([]rotation.Term, error) {
	return queryTerms(ctx, q, termsNow, room.Key())
}

// HeldTerms lists every term held in a room, past and present, oldest first: what the
// rotation counts. Declined and handed-over seats are left out.
func HeldTerms(ctx context.Context, q store.Querier, room bot.Room) ([]rotation.Term, error) {
	return queryTerms(ctx, q, termsHeld, room.Key())
}

// TermHistory lists up to limit terms of a role (all roles for ""), latest first, with the
// seats that were handed over.
func TermHistory(ctx context.Context, q store.Querier, room bot.Room, role string, limit int) ([]rotation.Term, error) {
	return queryTerms(ctx, q, termsHistory, room.Key(), role, role, limit)
}

// ConsentPending lists a member's terms they may still decline at now.
func ConsentPending(ctx context.Context, q store.Querier, room bot.Room, member string, now time.Time) ([]rotation.Term, error) {
	return queryTerms(ctx, q, termsConsent, room.Key(), member, now.UnixMilli())
}

// EndTerm ends a running term at at; false when it was not running.
func EndTerm(ctx context.Context, q store.Querier, id int64, at time.Time) (bool, error) {
	return store.Changed(q.ExecContext(ctx, termEnd, at.UnixMilli(), id))
}

// ConfirmTerm closes a term's consent window: it stands. False when there was none open.
func ConfirmTerm(ctx context.Context, q store.Querier, id int64) (bool, error) {
	return store.Changed(q.ExecContext(ctx, termConfirm, id))
}

// DeclineTerm records that the holder declined a term within its window, with their reason.
func DeclineTerm(ctx context.Context, q store.Querier, id int64, at time.Time, reason string) (bool, error) {
	return store.Changed(q.ExecContext(ctx, termRetire, rotation.TermDeclined, at.UnixMilli(), reason, id))
}

// HandOverTerm ends a term because its holder handed the seat to someone (note names them).
func HandOverTerm(ctx context.Context, q store.Querier, id int64, at time.Time, note string) (bool, error) {
	return store.Changed(q.ExecContext(ctx, termRetire, rotation.TermHanded, at.UnixMilli(), note, id))
}

func queryTerms(ctx context.Context, q store.Querier, query string, args ...any) ([]rotation.Term, error) {
	return store.All(ctx, q, "terms", scanTerm, query, args...)
}

// scanTerm reads one row of the terms table.
func scanTerm(rows store.Scanner) (rotation.Term, error) {
	var t rotation.Term
	var start int64
	var end, consent sql.NullInt64
	if err := rows.Scan(&t.ID, &t.Role, &t.Member, &t.Via, &t.Pick, &start, &end, &consent, &t.State, &t.Note); err != nil {
		return rotation.Term{}, err
	}
	t.Start, t.End, t.ConsentUntil = time.UnixMilli(start), store.TimeOrZero(end), store.TimeOrZero(consent)
	return t, nil
}

const (
	pickNumbers = `SELECT role, MAX(number) FROM role_picks WHERE room = ? GROUP BY role`
	pickInsert  = `INSERT INTO role_picks (room, role, number, picked_at, seed, outgoing, declined, why) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	pickColumns = `id, role, number, picked_at, seed, outgoing, declined, why`
	pickLast    = `SELECT ` + pickColumns + ` FROM role_picks WHERE room = ? AND role = ? ORDER BY number DESC LIMIT 1`
	pickByID    = `SELECT ` + pickColumns + ` FROM role_picks WHERE room = ? AND id = ?`
	pickUpdate  = `UPDATE role_picks SET declined = ?, why = ? WHERE id = ?`
)

// PickNumbers maps each role of a room to the number of its latest pick.
func PickNumbers(ctx context.Context, q store.Querier, room bot.Room) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, pickNumbers, room.Key())
	if err != nil {
		return nil, fmt.Errorf("read picks: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var role string
		var n int
		if err := rows.Scan(&role, &n); err != nil {
			return nil, fmt.Errorf("read picks: %w", err)
		}
		out[role] = n
	}
	return out, rows.Err()
}

// AddPick stores a pick and sets p.ID.
func AddPick(ctx context.Context, q store.Querier, room bot.Room, p *rotation.Pick) error {
	if err := q.QueryRowContext(ctx, pickInsert, room.Key(), p.Role, p.Number, p.At.UnixMilli(), p.Seed,
		joinIDs(p.Outgoing), joinIDs(p.Declined), p.Why).Scan(&p.ID); err != nil {
		return fmt.Errorf("add pick: %w", err)
	}
	return nil
}

// LastPick loads the latest pick of a role; false when it was never filled by rotation.
func LastPick(ctx context.Context, q store.Querier, room bot.Room, role string) (rotation.Pick, bool, error) {
	p, err := onePick(ctx, q, pickLast, room.Key(), role)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	return p, err == nil, err
}

// PickByID loads one of a room's picks.
func PickByID(ctx context.Context, q store.Querier, room bot.Room, id int64) (rotation.Pick, error) {
	return onePick(ctx, q, pickByID, room.Key(), id)
}

// UpdatePick records who declined a pick and the explanation of its latest choice.
func UpdatePick(ctx context.Context, q store.Querier, id int64, declined []string, why string) error {
	if _, err := q.ExecContext(ctx, pickUpdate, joinIDs(declined), why, id); err != nil {
		return fmt.Errorf("update pick: %w", err)
	}
	return nil
}

func onePick(ctx context.Context, q store.Querier, query string, args ...any) (rotation.Pick, error) {
	var p rotation.Pick
	var at int64
	var outgoing, declined string
	err := q.QueryRowContext(ctx, query, args...).Scan(&p.ID, &p.Role, &p.Number, &at, &p.Seed, &outgoing, &declined, &p.Why)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return p, err
		}
		return p, fmt.Errorf("read pick: %w", err)
	}
	p.At, p.Outgoing, p.Declined = time.UnixMilli(at), splitIDs(outgoing), splitIDs(declined)
	return p, nil
}

const (
	swapInsert = `INSERT INTO role_swaps (room, term, from_member, to_member, offered_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`
	swapsOpen  = `SELECT s.id, s.term, t.role, s.from_member, s.to_member, s.offered_at, s.expires_at
		FROM role_swaps s JOIN role_terms t ON t.id = s.term
		WHERE s.room = ? AND s.to_member = ? AND s.state = 'open' AND s.expires_at > ?
		AND t.state = 'held' AND t.ended_at IS NULL ORDER BY s.offered_at, s.id`
	swapSettle = `UPDATE role_swaps SET state = ? WHERE id = ? AND state = 'open'`
)

// OfferSwap stores an offer and sets s.ID.
func OfferSwap(ctx context.Context, q store.Querier, room bot.Room, s *rotation.Swap) error {
	if err := q.QueryRowContext(ctx, swapInsert, room.Key(), s.Term, s.From, s.To, s.Offered.UnixMilli(), s.Expires.UnixMilli()).Scan(&s.ID); err != nil {
		return fmt.Errorf("offer swap: %w", err)
	}
	return nil
}

// OpenSwaps lists the offers made to a member that still stand at now: not answered, not
// expired, and the seat still held by the one who offered it.
func OpenSwaps(ctx context.Context, q store.Querier, room bot.Room, to string, now time.Time) ([]rotation.Swap, error) {
	rows, err := q.QueryContext(ctx, swapsOpen, room.Key(), to, now.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("read swaps: %w", err)
	}
	defer rows.Close()
	var out []rotation.Swap
	for rows.Next() {
		var s rotation.Swap
		var offered, expires int64
		if err := rows.Scan(&s.ID, &s.Term, &s.Role, &s.From, &s.To, &offered, &expires); err != nil {
			return nil, fmt.Errorf("read swaps: %w", err)
		}
		s.Offered, s.Expires = time.UnixMilli(offered), time.UnixMilli(expires)
		out = append(out, s)
	}
	return out, rows.Err()
}

// SettleSwap marks an open offer accepted or declined; false when it was not open.
func SettleSwap(ctx context.Context, q store.Querier, id int64, accepted bool) (bool, error) {
	state := "declined"
	if accepted {
		state = "accepted"
	}
	return store.Changed(q.ExecContext(ctx, swapSettle, state, id))
}
