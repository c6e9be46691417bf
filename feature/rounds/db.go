package rounds

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/round"
	"folkmoot/store"
)

// The rounds, round_turns and round_reports tables; each function takes a store.Querier, so
// that it runs on the database or inside a transaction.

const (
	roundGet = `SELECT state, next_at FROM rounds WHERE room = ?`
	roundPut = `INSERT INTO rounds (room, state, next_at, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (room) DO UPDATE SET state = excluded.state, next_at = excluded.next_at, updated_at = excluded.updated_at`
	turnInsert    = `INSERT INTO round_turns (room, member, name, ms, turns, at, source) VALUES (?, ?, ?, ?, ?, ?, ?)`
	turnsBetween  = `SELECT member, name, ms, turns, at, source FROM round_turns WHERE room = ? AND at >= ? AND at < ? ORDER BY at, id`
	reportInsert  = `INSERT INTO round_reports (room, at, report) VALUES (?, ?, ?)`
	reportBetween = `SELECT at, report FROM round_reports WHERE room = ? AND at >= ? AND at < ? ORDER BY at, id`
)

// LoadState reads a room's rounds, queue and silence, and the due time of its timer (zero
// when nothing is timed). A room without a row has the zero State.
func LoadState(ctx context.Context, q store.Querier, room bot.Room) (round.State, time.Time, error) {
	var raw string
	var next int64
	err := q.QueryRowContext(ctx, roundGet, room.Key()).Scan(&raw, &next)
	if errors.Is(err, sql.ErrNoRows) {
		return round.State{}, time.Time{}, nil
	}
	if err != nil {
		return round.State{}, time.Time{}, fmt.Errorf("load round: %w", err)
	}
	var s round.State
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return round.State{}, time.Time{}, fmt.Errorf("load round: %w", err)
	}
	return s, msOrZero(next), nil
}

// SaveState stores a room's state and the due time of its timer (zero for none).
func SaveState(ctx context.Context, q store.Querier, room bot.Room, s round.State, next, at time.Time) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("save round: %w", err)
	}
	var ms int64
	if !next.IsZero() {
		ms = next.UnixMilli()
	}
	if _, err := q.ExecContext(ctx, roundPut, room.Key(), string(raw), ms, at.UnixMilli()); err != nil {
		return fmt.Errorf("save round: %w", err)
	}
	return nil
}

// AddTurns records finished turns.
func AddTurns(ctx context.Context, q store.Querier, room bot.Room, turns []round.Turn) error {
	for _, t := range turns {
		if _, err := q.ExecContext(ctx, turnInsert, room.Key(), t.Member.ID, t.Member.Name, t.Time.Milliseconds(), t.Turns,
			t.At.UnixMilli(), t.Source); err != nil {
			return fmt.Errorf("add turn: %w", err)
		}
	}
	return nil
}

// TurnsBetween lists a room's turns recorded from from (inclusive) to to (exclusive), oldest first.
func TurnsBetween(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) ([]round.Turn, error) {
	rows, err := q.QueryContext(ctx, turnsBetween, room.Key(), from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("list turns: %w", err)
	}
	defer rows.Close()
	var out []round.Turn
	for rows.Next() {
		var t round.Turn
		var ms, at int64
		if err := rows.Scan(&t.Member.ID, &t.Member.Name, &ms, &t.Turns, &at, &t.Source); err != nil {
			return nil, fmt.Errorf("list turns: %w", err)
		}
		t.Time, t.At = time.Duration(ms)*time.Millisecond, time.UnixMilli(at)
		out = append(out, t)
	}
	return out, rows.Err()
}

// AddReport records a finished round's summary, for the minutes.
func AddReport(ctx context.Context, q store.Querier, room bot.Room, at time.Time, rep round.Report) error {
	raw, err := json.Marshal(rep)
	if err != nil {
		return fmt.Errorf("add round report: %w", err)
	}
	if _, err := q.ExecContext(ctx, reportInsert, room.Key(), at.UnixMilli(), string(raw)); err != nil {
		return fmt.Errorf("add round report: %w", err)
	}
	return nil
}

// Reports lists the summaries of the rounds that finished from from to to, oldest first.
func Reports(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) ([]round.Finished, error) {
	rows, err := q.QueryContext(ctx, reportBetween, room.Key(), from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("list round reports: %w", err)
	}
	defer rows.Close()
	var out []round.Finished
	for rows.Next() {
		var at int64
		var raw string
		if err := rows.Scan(&at, &raw); err != nil {
			return nil, fmt.Errorf("list round reports: %w", err)
		}
		r := round.Finished{At: time.UnixMilli(at)}
		if err := json.Unmarshal([]byte(raw), &r.Report); err != nil {
			return nil, fmt.Errorf("list round reports: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// msOrZero reads a stored time where 0 means none.
func msOrZero(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}
