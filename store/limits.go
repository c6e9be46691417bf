package store

import (
	"context"
	"fmt"
	"time"

	"folkmoot/bot"
)

const (
	massMentionsPrune = `DELETE FROM mass_mentions WHERE at <= ?`
	massMentionsSince = `SELECT at FROM mass_mentions WHERE member = ? AND at > ? ORDER BY at`
	massMentionPut    = `INSERT INTO mass_mentions (member, room, at) VALUES (?, ?, ?)`
)

// TakeMassMention records that member has the bot mention everyone (a vote's reminder) in a
// room at at, unless they had limit such messages posted in the window before it, over every
// room: then it records nothing and says when the next may go out. Rows older than the window
// are forgotten on the way, so the table stays as small as an hour's reminders. Run it in
// the transaction of the reminder, so two at once cannot both take the last one.
func TakeMassMention(ctx context.Context, q Querier, member string, room bot.Room, at time.Time, window time.Duration, limit int) (bool, time.Time, error) {
	since := at.Add(-window).UnixMilli()
	if _, err := q.ExecContext(ctx, massMentionsPrune, since); err != nil {
		return false, time.Time{}, fmt.Errorf("prune mass mentions: %w", err)
	}
	recent, err := times(ctx, q, "mass mentions", massMentionsSince, member, since)
	if err != nil {
		return false, time.Time{}, err
	}
	if len(recent) >= limit {
		// The next may go out when enough of these have left the window.
		return false, recent[len(recent)-limit].Add(window), nil
	}
	if _, err := q.ExecContext(ctx, massMentionPut, member, room.Key(), at.UnixMilli()); err != nil {
		return false, time.Time{}, fmt.Errorf("record mass mention: %w", err)
	}
	return true, time.Time{}, nil
}

// count runs a COUNT query.
func count(ctx context.Context, q Querier, what, query string, args ...any) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s: %w", what, err)
	}
	return n, nil
}

// times runs a query of one column of unix milliseconds.
func times(ctx context.Context, q Querier, what, query string, args ...any) ([]time.Time, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var ms int64
		if err := rows.Scan(&ms); err != nil {
			return nil, fmt.Errorf("read %s: %w", what, err)
		}
		out = append(out, time.UnixMilli(ms))
	}
	return out, rows.Err()
}
