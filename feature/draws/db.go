package draws

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/draw"
	"folkmoot/store"
)

const (
	drawInsert = `INSERT INTO draws (room, number, seats, source, purpose, candidates, seed, commitment, draw_at, opened_by, opened_at, parity, group_side)
		SELECT ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM draws WHERE room = ? RETURNING id, number`
	drawColumns  = `id, number, seats, source, purpose, candidates, seed, commitment, draw_at, opened_by, opened_at, state, draw_order, drawn_at, parity, group_side`
	drawByNumber = `SELECT ` + drawColumns + ` FROM draws WHERE room = ? AND number = ?`
	drawByID     = `SELECT ` + drawColumns + ` FROM draws WHERE room = ? AND id = ?`
	drawsOpen    = `SELECT ` + drawColumns + ` FROM draws WHERE room = ? AND state = 'open' ORDER BY number`
	drawsRecent  = `SELECT ` + drawColumns + ` FROM draws WHERE room = ? AND state = 'drawn' AND drawn_at >= ? ORDER BY number`
	drawDone     = `UPDATE draws SET state = 'drawn', draw_order = ?, drawn_at = ? WHERE id = ? AND state = 'open'`
	drawCancel   = `UPDATE draws SET state = 'cancelled' WHERE id = ? AND state = 'open'`
	saltInsert   = `INSERT INTO draw_salts (draw, seq, member, text, at)
		SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM draw_salts WHERE draw = ?
		ON CONFLICT (draw, member) DO NOTHING`
	saltsOf        = `SELECT member, text, at FROM draw_salts WHERE draw = ? ORDER BY seq`
	declineInsert  = `INSERT INTO draw_declines (draw, seq, member, at) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ? FROM draw_declines WHERE draw = ?`
	declinesOf     = `SELECT member FROM draw_declines WHERE draw = ? ORDER BY seq`
	recentLookback = 30 * 24 * time.Hour // the draws listed after they happened
)

// createDraw stores a new draw and sets its ID and number.
func createDraw(ctx context.Context, tx *sql.Tx, room bot.Room, d *draw.Draw) error {
	err := tx.QueryRowContext(ctx, drawInsert, room.Key(), d.Seats, d.Source, d.Purpose, strings.Join(d.Candidates, "\n"),
		d.Seed, d.Commitment, d.At.UnixMilli(), d.OpenedBy, d.Opened.UnixMilli(), d.Parity, strings.Join(d.GroupSide, "\n"), room.Key()).Scan(&d.ID, &d.Number)
	if err != nil {
		return fmt.Errorf("create draw: %w", err)
	}
	d.State = draw.Open
	return nil
}

// drawByNum loads a room's draw by its number, with its salts and declines.
func drawByNum(ctx context.Context, q store.Querier, room bot.Room, number int) (draw.Draw, error) {
	return loadOne(ctx, q, drawByNumber, room.Key(), number)
}

// drawWithID loads a room's draw by its database ID (a job's reference).
func drawWithID(ctx context.Context, q store.Querier, room bot.Room, id int64) (draw.Draw, error) {
	return loadOne(ctx, q, drawByID, room.Key(), id)
}

func loadOne(ctx context.Context, q store.Querier, query string, args ...any) (draw.Draw, error) {
	d, err := store.First(ctx, q, "draws", scanDraw, draw.ErrNotFound, query, args...)
	if err != nil {
		return d, err
	}
	return d, loadParts(ctx, q, &d)
}

// openDraws lists a room's draws that have not happened yet, by number.
func openDraws(ctx context.Context, q store.Querier, room bot.Room) ([]draw.Draw, error) {
	return loadDraws(ctx, q, drawsOpen, room.Key())
}

// recentDraws lists a room's draws that happened since a moment, by number.
func recentDraws(ctx context.Context, q store.Querier, room bot.Room, since time.Time) ([]draw.Draw, error) {
	return loadDraws(ctx, q, drawsRecent, room.Key(), since.UnixMilli())
}

// loadDraws reads draws with their salts and declines.
func loadDraws(ctx context.Context, q store.Querier, query string, args ...any) ([]draw.Draw, error) {
	ds, err := store.All(ctx, q, "draws", scanDraw, query, args...)
	for i := range ds {
		if err == nil {
			err = loadParts(ctx, q, &ds[i])
		}
	}
	return ds, err
}

// scanDraw reads one row of the draws table.
func scanDraw(row store.Scanner) (draw.Draw, error) {
	var d draw.Draw
	var candidates, order, groupSide string
	var at, opened int64
	var drawn sql.NullInt64
	err := row.Scan(&d.ID, &d.Number, &d.Seats, &d.Source, &d.Purpose, &candidates, &d.Seed, &d.Commitment,
		&at, &d.OpenedBy, &opened, &d.State, &order, &drawn, &d.Parity, &groupSide)
	d.Candidates, d.Order, d.GroupSide = lines(candidates), lines(order), lines(groupSide)
	d.At, d.Opened, d.Drawn = time.UnixMilli(at), time.UnixMilli(opened), store.TimeOrZero(drawn)
	return d, err
}

// loadParts reads a draw's salts and declines.
func loadParts(ctx context.Context, q store.Querier, d *draw.Draw) error {
	var err error
	d.Salts, err = store.All(ctx, q, "salts", func(row store.Scanner) (draw.Salt, error) {
		var s draw.Salt
		var at int64
		err := row.Scan(&s.Member, &s.Text, &at)
		s.At = time.UnixMilli(at)
		return s, err
	}, saltsOf, d.ID)
	if err != nil {
		return err
	}
	d.Declined, err = store.All(ctx, q, "declines", store.Text, declinesOf, d.ID)
	return err
}

// addSalt records a member's salt; false when they added one to this draw already.
func addSalt(ctx context.Context, tx *sql.Tx, d draw.Draw, s draw.Salt) (bool, error) {
	return store.Changed(tx.ExecContext(ctx, saltInsert, d.ID, s.Member, s.Text, s.At.UnixMilli(), d.ID))
}

// recordDraw stores the order a draw came to; false when it had happened or was cancelled.
func recordDraw(ctx context.Context, tx *sql.Tx, d draw.Draw) (bool, error) {
	return store.Changed(tx.ExecContext(ctx, drawDone, strings.Join(d.Order, "\n"), d.Drawn.UnixMilli(), d.ID))
}

// cancelDraw cancels a draw that has not happened; false when it had.
func cancelDraw(ctx context.Context, tx *sql.Tx, d draw.Draw) (bool, error) {
	return store.Changed(tx.ExecContext(ctx, drawCancel, d.ID))
}

// recordDecline records that a drawn member declined their seat.
func recordDecline(ctx context.Context, tx *sql.Tx, d draw.Draw, member string, at time.Time) error {
	if _, err := tx.ExecContext(ctx, declineInsert, d.ID, member, at.UnixMilli(), d.ID); err != nil {
		return fmt.Errorf("record decline: %w", err)
	}
	return nil
}

// lines splits what one column keeps one per line.
func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// isNotFound reports whether err means the room has no such draw.
func isNotFound(err error) bool { return errors.Is(err, draw.ErrNotFound) }
