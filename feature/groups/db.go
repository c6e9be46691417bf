package groups

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
)

const (
	groupsOf = `SELECT g.key, g.name,
			(SELECT COUNT(*) FROM member_group_members m WHERE m.room = g.room AND m.key = g.key),
			COALESCE((SELECT group_concat(member, char(10)) FROM (SELECT member FROM member_group_members m
				WHERE m.room = g.room AND m.key = g.key AND m.shown = 1 ORDER BY member) AS shown), '')
		FROM member_groups g WHERE g.room = ? ORDER BY g.key`
	groupInsert   = `INSERT INTO member_groups (room, key, name, added_by, added_at) VALUES (?, ?, ?, ?, ?)`
	groupDelete   = `DELETE FROM member_groups WHERE room = ? AND key = ?`
	memberInsert  = `INSERT INTO member_group_members (room, key, member, shown, joined_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
	memberDelete  = `DELETE FROM member_group_members WHERE room = ? AND key = ? AND member = ?`
	memberShown   = `UPDATE member_group_members SET shown = ? WHERE room = ? AND key = ? AND member = ?`
	membersOf     = `SELECT member FROM member_group_members WHERE room = ? AND key = ? ORDER BY member`
	membershipsOf = `SELECT g.name FROM member_group_members m JOIN member_groups g ON g.room = m.room AND g.key = m.key
		WHERE m.room = ? AND m.member = ? ORDER BY g.key`
)

// list reads a room's groups, by key.
func list(ctx context.Context, q store.Querier, room bot.Room) ([]Group, error) {
	return store.All(ctx, q, "groups", func(row store.Scanner) (Group, error) {
		var g Group
		var shown string
		err := row.Scan(&g.Key, &g.Name, &g.Count, &shown)
		if shown != "" {
			g.Shown = strings.Split(shown, "\n")
		}
		return g, err
	}, groupsOf, room.Key())
}

func addGroup(ctx context.Context, tx *sql.Tx, room bot.Room, name, by string, at time.Time) error {
	if _, err := tx.ExecContext(ctx, groupInsert, room.Key(), Key(name), name, by, at.UnixMilli()); err != nil {
		return fmt.Errorf("add group: %w", err)
	}
	return nil
}

// removeGroup removes a group and everyone's membership of it.
func removeGroup(ctx context.Context, tx *sql.Tx, room bot.Room, key string) error {
	if _, err := tx.ExecContext(ctx, groupDelete, room.Key(), key); err != nil {
		return fmt.Errorf("remove group: %w", err)
	}
	return nil
}

// join adds a member to a group; false when they were in it.
func join(ctx context.Context, tx *sql.Tx, room bot.Room, key, member string, shown bool, at time.Time) (bool, error) {
	return store.Changed(tx.ExecContext(ctx, memberInsert, room.Key(), key, member, shown, at.UnixMilli()))
}

// leave takes a member out of a group; false when they were not in it.
func leave(ctx context.Context, tx *sql.Tx, room bot.Room, key, member string) (bool, error) {
	return store.Changed(tx.ExecContext(ctx, memberDelete, room.Key(), key, member))
}

// setShown shows or hides a member's membership; false when they are not in the group.
func setShown(ctx context.Context, tx *sql.Tx, room bot.Room, key, member string, shown bool) (bool, error) {
	return store.Changed(tx.ExecContext(ctx, memberShown, shown, room.Key(), key, member))
}

// memberIDs lists a group's members.
func memberIDs(ctx context.Context, q store.Querier, room bot.Room, key string) ([]string, error) {
	return store.All(ctx, q, "group members", store.Text, membersOf, room.Key(), key)
}

// memberships lists the names of the groups a member is in.
func memberships(ctx context.Context, q store.Querier, room bot.Room, member string) ([]string, error) {
	return store.All(ctx, q, "groups", store.Text, membershipsOf, room.Key(), member)
}
