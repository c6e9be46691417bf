package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"folkmoot/bot"
)

const (
	roomTimezone    = `SELECT timezone FROM rooms WHERE room = ?`
	roomSetTimezone = `INSERT INTO rooms (room, timezone, created_at) VALUES (?, ?, ?)
		ON CONFLICT (room) DO UPDATE SET timezone = excluded.timezone`
)

// RoomTimezone returns the room's timezone name, or "" when the room never set one.
func RoomTimezone(ctx context.Context, q Querier, room bot.Room) (string, error) {
	var tz string
	err := q.QueryRowContext(ctx, roomTimezone, room.Key()).Scan(&tz)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read room timezone: %w", err)
	}
	return tz, nil
}

// SetRoomTimezone stores the room's IANA timezone name.
func SetRoomTimezone(ctx context.Context, q Querier, room bot.Room, tz string, now time.Time) error {
	if _, err := q.ExecContext(ctx, roomSetTimezone, room.Key(), tz, now.UnixMilli()); err != nil {
		return fmt.Errorf("set room timezone: %w", err)
	}
	return nil
}
