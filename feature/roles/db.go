package roles

// The roles, role_pool and role_away tables, and (db_terms.go) the terms, picks and swaps;
// each function takes a store.Querier, so that it runs on the database or inside a
// transaction.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/rotation"
	"folkmoot/store"
)

const (
	rolesEnsure = `INSERT INTO roles (room, name, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`
	rolesAny    = `SELECT COUNT(*) FROM roles WHERE room = ?`
	rolesActive = `SELECT name, seats, schedule, parity FROM roles WHERE room = ? AND active = 1 ORDER BY position, name`
	roleKnown   = `SELECT 1 FROM roles WHERE room = ? AND name = ?
		UNION SELECT 1 FROM role_terms WHERE room = ? AND role = ? LIMIT 1`
	rolePut = `INSERT INTO roles (room, name, seats, schedule, parity, active, position)
		SELECT ?, ?, ?, ?, ?, 1, COALESCE(MAX(position), 0) + 1 FROM roles WHERE room = ?
		ON CONFLICT (room, name) DO UPDATE SET seats = excluded.seats, schedule = excluded.schedule, parity = excluded.parity, active = 1`
	roleRemove   = `UPDATE roles SET active = 0, schedule = '' WHERE room = ? AND name = ? AND active = 1`
	roleSchedule = `UPDATE roles SET schedule = ? WHERE room = ? AND name = ? AND active = 1`
)

// EnsureRoles gives a room its default roles the first time any role is written there.
// A room that removed them all does not get them back.
func EnsureRoles(ctx context.Context, q store.Querier, room bot.Room) error {
	var n int
	if err := q.QueryRowContext(ctx, rolesAny, room.Key()).Scan(&n); err != nil {
		return fmt.Errorf("read roles: %w", err)
	}
	if n > 0 {
		return nil
	}
	for i, name := range rotation.DefaultRoles {
		if _, err := q.ExecContext(ctx, rolesEnsure, room.Key(), name, i+1); err != nil {
			return fmt.Errorf("create default roles: %w", err)
		}
	}
	return nil
}

// Roles lists a room's active roles in the order they were added. A room that never
// stored any role has the defaults.
func Roles(ctx context.Context, q store.Querier, room bot.Room) ([]rotation.Role, error) {
	var n int
	if err := q.QueryRowContext(ctx, rolesAny, room.Key()).Scan(&n); err != nil {
		return nil, fmt.Errorf("read roles: %w", err)
	}
	if n == 0 {
		out := make([]rotation.Role, len(rotation.DefaultRoles))
		for i, name := range rotation.DefaultRoles {
			out[i] = rotation.Role{Name: name, Seats: 1}
		}
		return out, nil
	}
	rows, err := q.QueryContext(ctx, rolesActive, room.Key())
	if err != nil {
		return nil, fmt.Errorf("read roles: %w", err)
	}
	defer rows.Close()
	var out []rotation.Role
	for rows.Next() {
		var r rotation.Role
		if err := rows.Scan(&r.Name, &r.Seats, &r.Schedule, &r.Parity); err != nil {
			return nil, fmt.Errorf("read roles: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RoleHasHistory reports whether a name is or was a role of the room, or has terms there
// (the delegate role has terms but no row).
func RoleHasHistory(ctx context.Context, q store.Querier, room bot.Room, name string) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, roleKnown, room.Key(), name, room.Key(), name).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read role: %w", err)
	}
	return true, nil
}

// PutRole adds a role to a room, or brings back a removed one with its history.
func PutRole(ctx context.Context, q store.Querier, room bot.Room, r rotation.Role) error {
	if err := EnsureRoles(ctx, q, room); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, rolePut, room.Key(), r.Name, max(r.Seats, 1), r.Schedule, r.Parity, room.Key()); err != nil {
		return fmt.Errorf("add role: %w", err)
	}
	return nil
}

// RemoveRole retires a role; its terms and pool stay, for history.
func RemoveRole(ctx context.Context, q store.Querier, room bot.Room, name string) error {
	if err := EnsureRoles(ctx, q, room); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, roleRemove, room.Key(), name); err != nil {
		return fmt.Errorf("remove role: %w", err)
	}
	return nil
}

// SetRoleSchedule sets or (with "") clears a role's scheduled rotation.
func SetRoleSchedule(ctx context.Context, q store.Querier, room bot.Room, name, spec string) error {
	if err := EnsureRoles(ctx, q, room); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, roleSchedule, spec, room.Key(), name); err != nil {
		return fmt.Errorf("set role schedule: %w", err)
	}
	return nil
}

const (
	poolJoin = `INSERT INTO role_pool (room, role, member, joined_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (room, role, member) WHERE left_at IS NULL DO NOTHING`
	poolLeave   = `UPDATE role_pool SET left_at = ? WHERE room = ? AND role = ? AND member = ? AND left_at IS NULL`
	poolPeriods = `SELECT role, member, joined_at, left_at FROM role_pool WHERE room = ? ORDER BY role, member, joined_at`
)

// JoinPool puts a member in a role's pool; false when they were in it already.
func JoinPool(ctx context.Context, q store.Querier, room bot.Room, role, member string, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, poolJoin, room.Key(), role, member, at.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("join pool: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// LeavePool takes a member out of a role's pool; false when they were not in it.
func LeavePool(ctx context.Context, q store.Querier, room bot.Room, role, member string, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, poolLeave, at.UnixMilli(), room.Key(), role, member)
	if err != nil {
		return false, fmt.Errorf("leave pool: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// PoolPeriods lists every pool period of a room, past and present, for every role.
func PoolPeriods(ctx context.Context, q store.Querier, room bot.Room) ([]rotation.PoolPeriod, error) {
	rows, err := q.QueryContext(ctx, poolPeriods, room.Key())
	if err != nil {
		return nil, fmt.Errorf("read pool: %w", err)
	}
	defer rows.Close()
	var out []rotation.PoolPeriod
	for rows.Next() {
		var p rotation.PoolPeriod
		var joined int64
		var left sql.NullInt64
		if err := rows.Scan(&p.Role, &p.Member, &joined, &left); err != nil {
			return nil, fmt.Errorf("read pool: %w", err)
		}
		p.Joined, p.Left = time.UnixMilli(joined), store.TimeOrZero(left)
		out = append(out, p)
	}
	return out, rows.Err()
}

const (
	awayEnd    = `UPDATE role_away SET until = ? WHERE room = ? AND member = ? AND until > ?`
	awayInsert = `INSERT INTO role_away (room, member, since, until, reason) VALUES (?, ?, ?, ?, ?)`
	awayAt     = `SELECT member, since, until, reason FROM role_away WHERE room = ? AND since <= ? AND until > ? ORDER BY until, member`
)

// SetAway records that a member is away from since until until, replacing any away time
// of theirs still running.
func SetAway(ctx context.Context, q store.Querier, room bot.Room, a rotation.Absence) error {
	if _, err := EndAway(ctx, q, room, a.Member, a.Since); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, awayInsert, room.Key(), a.Member, a.Since.UnixMilli(), a.Until.UnixMilli(), a.Reason); err != nil {
		return fmt.Errorf("set away: %w", err)
	}
	return nil
}

// EndAway brings a member back at at; false when they were not away.
func EndAway(ctx context.Context, q store.Querier, room bot.Room, member string, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, awayEnd, at.UnixMilli(), room.Key(), member, at.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("end away: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// AwayAt lists who is away at a moment, soonest back first.
func AwayAt(ctx context.Context, q store.Querier, room bot.Room, at time.Time) ([]rotation.Absence, error) {
	rows, err := q.QueryContext(ctx, awayAt, room.Key(), at.UnixMilli(), at.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("read away: %w", err)
	}
	defer rows.Close()
	var out []rotation.Absence
	for rows.Next() {
		var a rotation.Absence
		var since, until int64
		if err := rows.Scan(&a.Member, &since, &until, &a.Reason); err != nil {
			return nil, fmt.Errorf("read away: %w", err)
		}
		a.Since, a.Until = time.UnixMilli(since), time.UnixMilli(until)
		out = append(out, a)
	}
	return out, rows.Err()
}

// joinIDs stores a list of member IDs in one column, one per line.
func joinIDs(ids []string) string { return strings.Join(ids, "\n") }

// splitIDs reads joinIDs' column back.
func splitIDs(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
