package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migration is one numbered schema step.
type Migration struct {
	Version     int
	Description string // the file's first line, after "--"
	SQL         string
}

// migrations reads the embedded files named NNNN_name.sql, in order.
func migrations() []Migration {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		panic(err) // embedded at build time: cannot fail
	}
	var ms []Migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic("migration file without a number: " + e.Name())
		}
		raw, _ := migrationFiles.ReadFile("migrations/" + e.Name())
		first, _, _ := strings.Cut(string(raw), "\n")
		ms = append(ms, Migration{Version: v, Description: strings.TrimSpace(strings.TrimPrefix(first, "--")), SQL: string(raw)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			panic(fmt.Sprintf("migrations must be numbered 1, 2, 3 ...: found %d at position %d", m.Version, i+1))
		}
	}
	return ms
}

// LatestVersion is the schema version this binary writes.
func LatestVersion() int { return len(migrations()) }

// Migrate applies every migration newer than the database's version, each in its own
// transaction together with its row in schema_version. A database whose version is newer
// than the newest migration was written by a newer folkmoot and is refused untouched.
func Migrate(ctx context.Context, db *sql.DB, ms []Migration) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version INTEGER PRIMARY KEY,
		description TEXT NOT NULL,
		applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
	)`); err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	current, err := SchemaVersion(ctx, db)
	if err != nil {
		return err
	}
	if latest := len(ms); current > latest {
		return fmt.Errorf("the database is at schema version %d, but this folkmoot only knows up to %d: "+
			"it was written by a newer folkmoot. Run that version (or restore a backup); nothing was changed", current, latest)
	}
	for _, m := range ms[current:] {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migration %d: %w", m.Version, err)
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("migration %d (%s): %w", m.Version, m.Description, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version, description) VALUES (?, ?)`, m.Version, m.Description); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("migration %d: record version: %w", m.Version, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %d: commit: %w", m.Version, err)
		}
	}
	return nil
}

// SchemaVersion is the newest migration applied to db (0 for a fresh database).
func SchemaVersion(ctx context.Context, q Querier) (int, error) {
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return int(v.Int64), nil
}
