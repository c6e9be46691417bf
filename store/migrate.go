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

// The store's own migrations are its infrastructure (rooms, members, key-value state, the
// outbox, the scheduler's jobs, the handled ledger) and the history steps from before each
// feature carried its own, which several features share (0002 roles and mandates, 0007 tasks,
// reminders, tools, stories and measures, 0009 their limits' indexes). A feature's own steps
// live in its folder (feature.Feature.Migrations) and are numbered in the same one sequence.

// ReadMigrations reads the migration files migrations/NNNN_name.sql of fsys, in order. A
// file without a number is a programming error the tests catch.
func ReadMigrations(fsys fs.FS) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration file %q is not named NNNN_name.sql", e.Name())
		}
		raw, err := fs.ReadFile(fsys, "migrations/"+e.Name())
		if err != nil {
			return nil, err
		}
		first, _, _ := strings.Cut(string(raw), "\n")
		ms = append(ms, Migration{Version: v, Description: strings.TrimSpace(strings.TrimPrefix(first, "--")), SQL: string(raw)})
	}
	sortMigrations(ms)
	return ms, nil
}

// migrations are the store's own steps.
func migrations() []Migration {
	ms, err := ReadMigrations(migrationFiles)
	if err != nil {
		panic(err) // embedded at build time: the tests catch a misnamed file
	}
	return ms
}

// sequence merges the store's steps with the features' into the one sequence, refusing a
// number used twice.
func sequence(features [][]Migration) ([]Migration, error) {
	all := migrations()
	for _, ms := range features {
		all = append(all, ms...)
	}
	sortMigrations(all)
	for i := 1; i < len(all); i++ {
		if all[i].Version == all[i-1].Version {
			return nil, fmt.Errorf("migration %d is numbered twice (%q and %q)", all[i].Version, all[i-1].Description, all[i].Description)
		}
	}
	return all, nil
}

func sortMigrations(ms []Migration) {
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
}

// Migrate applies every migration the database has not had, in order, each in its own
// transaction together with its row in schema_version: a feature's steps may leave gaps in
// the numbers a binary (or a test with a few features) knows. A database with a step newer
// than every one known was written by a newer folkmoot and is refused untouched.
func Migrate(ctx context.Context, db *sql.DB, ms []Migration) error {
	return migrate(ctx, db, SQLite, ms)
}

// schemaVersionTable is the table of applied steps, in each dialect: the time of a step is
// written by the database itself, with each one's own clock function.
var schemaVersionTable = map[Dialect]string{
	SQLite: `CREATE TABLE IF NOT EXISTS schema_version (
		version INTEGER PRIMARY KEY,
		description TEXT NOT NULL,
		applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
	)`,
	Postgres: `CREATE TABLE IF NOT EXISTS schema_version (
		version BIGINT PRIMARY KEY,
		description TEXT NOT NULL,
		applied_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
	)`,
}

// migrator is what migrate needs: a database, or one of its connections (which keeps
// PostgreSQL's advisory lock, migrateLocked).
type migrator interface {
	Querier
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// migrate is Migrate for a database of dialect d, whose steps are already in its dialect.
func migrate(ctx context.Context, db migrator, d Dialect, ms []Migration) error {
	if _, err := db.ExecContext(ctx, schemaVersionTable[d]); err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	current, err := SchemaVersion(ctx, db)
	if err != nil {
		return err
	}
	latest := 0
	if len(ms) > 0 {
		latest = ms[len(ms)-1].Version
	}
	if current > latest {
		return fmt.Errorf("the database is at schema version %d, but this folkmoot only knows up to %d: "+
			"it was written by a newer folkmoot. Run that version (or restore a backup); nothing was changed", current, latest)
	}
	applied, err := appliedVersions(ctx, db)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if applied[m.Version] {
			continue
		}
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

// appliedVersions are the steps the database has had.
func appliedVersions(ctx context.Context, db Querier) (map[int]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT version FROM schema_version`)
	if err != nil {
		return nil, fmt.Errorf("read schema versions: %w", err)
	}
	defer rows.Close()
	out := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out[v] = true
	}
	return out, rows.Err()
}

// SchemaVersion is the newest migration applied to db (0 for a fresh database).
func SchemaVersion(ctx context.Context, q Querier) (int, error) {
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return int(v.Int64), nil
}
