package tools

import (
	"context"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
	"folkmoot/tool"
)

const (
	toolUpsert = `INSERT INTO tools (room, name, key, controller, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (room, key) DO UPDATE SET name = excluded.name, controller = excluded.controller,
		added_by = excluded.added_by, added_at = excluded.added_at, removed = 0`
	toolRemove = `INSERT INTO tools (room, name, key, controller, added_by, added_at, removed) VALUES (?, ?, ?, '', ?, ?, 1)
		ON CONFLICT (room, key) DO UPDATE SET removed = 1 WHERE tools.removed = 0`
	toolsListed = `SELECT name, controller, added_by, added_at FROM tools WHERE room = ? AND removed = 0 ORDER BY key`
	toolKnown   = `SELECT COUNT(*) FROM tools WHERE room = ? AND key = ?`
)

// putTool adds a tool to the register, or updates who controls it.
func putTool(ctx context.Context, q store.Querier, room bot.Room, t tool.Tool) error {
	if _, err := q.ExecContext(ctx, toolUpsert, room.Key(), t.Name, tool.Key(t.Name), t.Controller, t.AddedBy, t.AddedAt.UnixMilli()); err != nil {
		return fmt.Errorf("put tool: %w", err)
	}
	return nil
}

// removeTool takes a tool off the register; false when it was not on it. The row stays
// (marked removed), so a built-in entry removed once does not come back.
func removeTool(ctx context.Context, q store.Querier, room bot.Room, name, by string, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, toolRemove, room.Key(), name, tool.Key(name), by, at.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("remove tool: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// listed lists the tools on a room's register, by name.
func listed(ctx context.Context, q store.Querier, room bot.Room) ([]tool.Tool, error) {
	return store.All(ctx, q, "tools", scanTool, toolsListed, room.Key())
}

// known reports whether the register ever had a row for the name, listed or removed.
func known(ctx context.Context, q store.Querier, room bot.Room, name string) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, toolKnown, room.Key(), tool.Key(name)).Scan(&n); err != nil {
		return false, fmt.Errorf("read tool: %w", err)
	}
	return n > 0, nil
}

// scanTool reads one listed tool.
func scanTool(rows store.Scanner) (tool.Tool, error) {
	var t tool.Tool
	var at int64
	if err := rows.Scan(&t.Name, &t.Controller, &t.AddedBy, &at); err != nil {
		return t, err
	}
	t.AddedAt = time.UnixMilli(at)
	return t, nil
}
