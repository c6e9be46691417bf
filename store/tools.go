package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"folkmoot/bot"
)

// Tool is one digital tool in a room's register: what the assembly depends on and who
// controls it.
type Tool struct {
	Name       string
	Controller string
	AddedBy    string
	AddedAt    time.Time
}

// ToolKey folds a tool's name for lookup: case and spacing do not make another tool.
func ToolKey(name string) string { return strings.ToLower(strings.Join(strings.Fields(name), " ")) }

const (
	toolUpsert = `INSERT INTO tools (room, name, key, controller, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (room, key) DO UPDATE SET name = excluded.name, controller = excluded.controller,
		added_by = excluded.added_by, added_at = excluded.added_at, removed = 0`
	toolRemove = `INSERT INTO tools (room, name, key, controller, added_by, added_at, removed) VALUES (?, ?, ?, '', ?, ?, 1)
		ON CONFLICT (room, key) DO UPDATE SET removed = 1 WHERE removed = 0`
	toolsListed = `SELECT name, controller, added_by, added_at FROM tools WHERE room = ? AND removed = 0 ORDER BY key`
	toolKnown   = `SELECT COUNT(*) FROM tools WHERE room = ? AND key = ?`
)

// PutTool adds a tool to the register, or updates who controls it.
func PutTool(ctx context.Context, q Querier, room bot.Room, t Tool) error {
	if _, err := q.ExecContext(ctx, toolUpsert, room.Key(), t.Name, ToolKey(t.Name), t.Controller, t.AddedBy, t.AddedAt.UnixMilli()); err != nil {
		return fmt.Errorf("put tool: %w", err)
	}
	return nil
}

// RemoveTool takes a tool off the register; false when it was not on it. The row stays
// (marked removed), so a built-in entry removed once does not come back.
func RemoveTool(ctx context.Context, q Querier, room bot.Room, name, by string, at time.Time) (bool, error) {
	return rowChanged(q.ExecContext(ctx, toolRemove, room.Key(), name, ToolKey(name), by, at.UnixMilli()))
}

// Tools lists the tools on a room's register, by name.
func Tools(ctx context.Context, q Querier, room bot.Room) ([]Tool, error) {
	rows, err := q.QueryContext(ctx, toolsListed, room.Key())
	if err != nil {
		return nil, fmt.Errorf("read tools: %w", err)
	}
	defer rows.Close()
	var out []Tool
	for rows.Next() {
		var t Tool
		var at int64
		if err := rows.Scan(&t.Name, &t.Controller, &t.AddedBy, &at); err != nil {
			return nil, fmt.Errorf("read tools: %w", err)
		}
		t.AddedAt = time.UnixMilli(at)
		out = append(out, t)
	}
	return out, rows.Err()
}

// ToolKnown reports whether the register ever had a row for the name, listed or removed.
func ToolKnown(ctx context.Context, q Querier, room bot.Room, name string) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, toolKnown, room.Key(), ToolKey(name)).Scan(&n); err != nil {
		return false, fmt.Errorf("read tool: %w", err)
	}
	return n > 0, nil
}
