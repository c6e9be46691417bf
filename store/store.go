// Package store keeps all of folkmoot's state in one SQLite file (modernc.org/sqlite, no cgo):
// WAL mode, a busy timeout, foreign keys on, numbered migrations embedded in the binary, and
// each connection's statements prepared once (stmtcache.go). Or, when database_url names one,
// in a PostgreSQL database (jackc/pgx), with the same queries and migrations rewritten from
// SQLite's dialect in one place (dialect.go, postgres.go).
//
// SQL lives as constants beside the small query functions of each table; the functions take a
// Querier so that the same code runs on the database or inside a transaction.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
)

// FileName is the database's file name inside data_dir.
const FileName = "folkmoot.db"

// Querier is what both *sql.DB and *sql.Tx offer; query functions take it so callers choose
// whether they run inside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// DB is folkmoot's database.
type DB struct {
	*sql.DB
	path    string
	dialect Dialect
	// fence, when set (SetFence), is checked first in every writing transaction.
	fence func(ctx context.Context, tx *sql.Tx) error
}

// DSN is the connection string for a database file, with the pragmas folkmoot relies on.
// Transactions begin IMMEDIATE so a writer takes the lock up front instead of failing late.
// synchronous=NORMAL in WAL mode: a commit is in the WAL before it returns, so it survives
// the process being killed (kill -9, a crash); only a power cut or a kernel crash may undo
// the last commits, never corrupt the file. FULL would add an fsync to every commit.
func DSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	// In a file: URI "?" starts the options and "#" a fragment: escaped, a folder named like
	// "seed#6" keeps its own database instead of silently sharing "seed" with its siblings.
	return "file:" + uriPath.Replace(path) + "?" + q.Encode()
}

var uriPath = strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23")

// IdleConnections is how many open connections a database keeps between uses. database/sql
// keeps two, and the event, outbox, scheduler and sync goroutines use more at once: every
// extra one was closed after use, and its successor opened the file again, read the whole
// schema before its first statement and started with an empty statement cache (on
// PostgreSQL: a new session). A profile of 200 busy encrypted Matrix rooms showed both; with
// eight kept, neither.
const IdleConnections = 8

// Open opens (creating if needed) the database at path and brings its schema up to date with
// the store's migrations and the features' (each feature's list), in one numbered sequence.
// It refuses a database written by a newer folkmoot. A path that is a postgres:// URL opens
// that PostgreSQL database instead of a file.
func Open(ctx context.Context, path string, features ...[]Migration) (*DB, error) {
	ms, err := sequence(features)
	if err != nil {
		return nil, err
	}
	if IsURL(path) {
		return openPostgres(ctx, path, ms)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create data dir: %w", err)
		}
	}
	sqldb, err := SQLitePool(path)
	if err != nil {
		return nil, err
	}
	db := &DB{DB: sqldb, path: path}
	if err := migrate(ctx, sqldb, SQLite, ms); err != nil {
		sqldb.Close()
		return nil, err
	}
	return db, nil
}

// SQLitePool opens connections to the SQLite file at path with the store's settings (DSN),
// each keeping its prepared statements, IdleConnections of them kept open between uses. Open
// runs on one; so does mautrix's state and crypto store in folkmoot's file, which would
// otherwise parse each of its statements anew, several times per message.
func SQLitePool(path string) (*sql.DB, error) {
	conn, err := sqlite.NewConnector(DSN(path))
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db := sql.OpenDB(stmtCacheConnector{conn})
	db.SetMaxIdleConns(IdleConnections)
	return db, nil
}

// OpenDir opens the database in a data directory, as Open does.
func OpenDir(ctx context.Context, dataDir string, features ...[]Migration) (*DB, error) {
	return Open(ctx, filepath.Join(dataDir, FileName), features...)
}

// Location is where folkmoot's database is: the PostgreSQL database at databaseURL when it is
// set, else the SQLite file in dataDir.
func Location(dataDir, databaseURL string) string {
	if databaseURL != "" {
		return databaseURL
	}
	return filepath.Join(dataDir, FileName)
}

// Path is the database file's path, or the PostgreSQL database's URL.
func (db *DB) Path() string { return db.path }

// Dialect is the SQL the database speaks.
func (db *DB) Dialect() Dialect { return db.dialect }

// Unwatched is the context for a read outside a transaction that needs no watching for its
// end: database/sql starts a goroutine to watch every query whose context can end, and the
// outbox and the scheduler read after every commit. On SQLite such a read takes microseconds
// and waits on no network, so the end is dropped; on PostgreSQL it is kept, so a read that
// waits on the server still ends with its context.
func (db *DB) Unwatched(ctx context.Context) context.Context {
	if db.dialect == SQLite {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// SetFence makes every transaction begun through db (BeginTx, InTx) and every statement
// executed on db outside one (ExecContext) pass fence first, inside the transaction: the
// lease's check (Lease.Fence) that this process is still the active one. Set it before the
// database is shared between goroutines. Without a fence (SQLite, one process) nothing is
// checked and nothing costs more.
func (db *DB) SetFence(fence func(ctx context.Context, tx *sql.Tx) error) { db.fence = fence }

// BeginTx begins a transaction that has passed the fence, when one is set: the one place
// every write of the runtime, the scheduler and the features goes through.
func (db *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error) {
	tx, err := db.DB.BeginTx(ctx, opts)
	if err != nil || db.fence == nil {
		return tx, err
	}
	if err := db.fence(ctx, tx); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	return tx, nil
}

// ExecContext executes a statement outside any transaction of the caller's (an outbox item
// recorded sent, a key-value entry). With a fence set it runs in a fenced transaction of its
// own, so a process that lost the lease cannot slip a write past the fence this way either.
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if db.fence == nil {
		return db.DB.ExecContext(ctx, query, args...)
	}
	var res sql.Result
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = tx.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}

// InTx runs fn in one transaction, committing when it returns nil and rolling back otherwise,
// so nothing half-written is ever stored.
func (db *DB) InTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
