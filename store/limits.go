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
	rows, err := q.QueryContext(ctx, massMentionsSince, member, since)
	if err != nil {
		return false, time.Time{}, fmt.Errorf("read mass mentions: %w", err)
	}
	var times []int64
	for rows.Next() {
		var ms int64
		if err := rows.Scan(&ms); err != nil {
			rows.Close()
			return false, time.Time{}, fmt.Errorf("read mass mentions: %w", err)
		}
		times = append(times, ms)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, time.Time{}, fmt.Errorf("read mass mentions: %w", err)
	}
	if len(times) >= limit {
		// The next may go out when enough of these have left the window.
		return false, time.UnixMilli(times[len(times)-limit]).Add(window), nil
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
