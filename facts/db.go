package facts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
)

// The room's own facts as the database keeps them: who has spoken there (members) and its
// timezone (rooms).

const (
	memberSeen = `INSERT INTO members (room, member, name, last_seen) VALUES (?, ?, ?, ?)
		ON CONFLICT (room, member) DO UPDATE SET name = excluded.name, last_seen = MAX(members.last_seen, excluded.last_seen)
		WHERE excluded.name <> '' AND excluded.name <> members.name`
	membersOfRoom = `SELECT member, name FROM members WHERE room = ? ORDER BY member`
)

// SeenMember records that a member spoke in a room, keeping their latest display name. A
// member already known with that name writes nothing: this runs for every message, and
// nothing reads last_seen, which moves only with a new name.
// Anonymous occupants are not members and are not recorded.
func SeenMember(ctx context.Context, q store.Querier, room bot.Room, m bot.Member, at time.Time) error {
	if m.Anonymous || m.ID == "" {
		return nil
	}
	if _, err := q.ExecContext(ctx, memberSeen, room.Key(), m.ID, m.Name, at.UnixMilli()); err != nil {
		return fmt.Errorf("record member: %w", err)
	}
	return nil
}

// RoomMembers lists the members seen in a room, by ID.
func RoomMembers(ctx context.Context, q store.Querier, room bot.Room) ([]bot.Member, error) {
	rows, err := q.QueryContext(ctx, membersOfRoom, room.Key())
	if err != nil {
		return nil, fmt.Errorf("list members: %w", err)
	}
	defer rows.Close()
	var out []bot.Member
	for rows.Next() {
		var m bot.Member
		if err := rows.Scan(&m.ID, &m.Name); err != nil {
			return nil, fmt.Errorf("list members: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

const (
	roomTimezone    = `SELECT timezone FROM rooms WHERE room = ?`
	roomSetTimezone = `INSERT INTO rooms (room, timezone, created_at) VALUES (?, ?, ?)
		ON CONFLICT (room) DO UPDATE SET timezone = excluded.timezone`
)

// RoomTimezone returns the room's timezone name, or "" when the room never set one.
func RoomTimezone(ctx context.Context, q store.Querier, room bot.Room) (string, error) {
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
func SetRoomTimezone(ctx context.Context, q store.Querier, room bot.Room, tz string, now time.Time) error {
	if _, err := q.ExecContext(ctx, roomSetTimezone, room.Key(), tz, now.UnixMilli()); err != nil {
		return fmt.Errorf("set room timezone: %w", err)
	}
	return nil
}

const (
	roomLanguage    = `SELECT language FROM rooms WHERE room = ?`
	roomSetLanguage = `INSERT INTO rooms (room, timezone, language, created_at) VALUES (?, '', ?, ?)
		ON CONFLICT (room) DO UPDATE SET language = excluded.language`
)

// RoomLanguage returns the tag of the room's language, or "" when the room never chose one.
func RoomLanguage(ctx context.Context, q store.Querier, room bot.Room) (string, error) {
	var tag string
	err := q.QueryRowContext(ctx, roomLanguage, room.Key()).Scan(&tag)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read room language: %w", err)
	}
	return tag, nil
}

// SetRoomLanguage stores the tag of the room's language ("" for the configured default).
func SetRoomLanguage(ctx context.Context, q store.Querier, room bot.Room, tag string, now time.Time) error {
	if _, err := q.ExecContext(ctx, roomSetLanguage, room.Key(), tag, now.UnixMilli()); err != nil {
		return fmt.Errorf("set room language: %w", err)
	}
	return nil
}
