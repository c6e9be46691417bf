package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// IsURL tells whether a database location is a PostgreSQL URL rather than a SQLite file.
func IsURL(location string) bool {
	return strings.HasPrefix(location, "postgres://") || strings.HasPrefix(location, "postgresql://")
}

// connectTimeout bounds the first connection: an address that does not answer fails the start
// within it, saying which host.
const connectTimeout = 10 * time.Second

// openPostgres opens the PostgreSQL database at url, checks that it answers and brings its
// schema up to date.
func openPostgres(ctx context.Context, url string, ms []Migration) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database_url: %w", err)
	}
	if cfg.ConnectTimeout == 0 || cfg.ConnectTimeout > connectTimeout {
		cfg.ConnectTimeout = connectTimeout
	}
	sqldb := sql.OpenDB(pgConnector{stdlib.GetConnector(*cfg)})
	sqldb.SetMaxIdleConns(IdleConnections)
	pingCtx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	if err := sqldb.PingContext(pingCtx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("cannot reach the PostgreSQL server %s (database %q, user %q): %w",
			net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port))), cfg.Database, cfg.User, err)
	}
	pg := make([]Migration, len(ms))
	for i, m := range ms {
		pg[i] = m
		pg[i].SQL = ToPostgresMigration(m.SQL)
	}
	if err := migrateLocked(ctx, sqldb, pg); err != nil {
		sqldb.Close()
		return nil, err
	}
	return &DB{DB: sqldb, path: url, dialect: Postgres}, nil
}

// migrateLocked migrates holding an advisory lock of the database's schema: several folkmoot
// processes share one PostgreSQL (an active one and standbys) and may start at the same
// moment, after an upgrade too; the second waits and then finds every step applied, where
// both would otherwise create the same tables and one would fail.
func migrateLocked(ctx context.Context, sqldb *sql.DB, ms []Migration) error {
	conn, err := sqldb.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	const key = `hashtext('folkmoot migrate ' || current_schema())`
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(`+key+`)`); err != nil {
		return fmt.Errorf("migrate: wait for the other processes' migrations: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(`+key+`)`)
	return migrate(ctx, conn, Postgres, ms)
}

// RedactURL is url without its password, for messages.
func RedactURL(url string) string {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return "postgres://…"
	}
	return "postgres://" + cfg.User + "@" + net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port))) + "/" + cfg.Database
}

// pgConnector opens connections that rewrite each query from SQLite's dialect (ToPostgres).
// pgx prepares and caches each statement per connection itself, so no statement cache of
// ours sits here.
type pgConnector struct{ driver.Connector }

// Connect opens a rewriting connection.
func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	inner, ok := conn.(pgxConn)
	if !ok {
		conn.Close()
		return nil, errors.New("postgres: the pgx driver's connection lacks the context methods")
	}
	return &pgConn{inner}, nil
}

// pgxConn is what pgx's database/sql connections offer and database/sql looks for.
type pgxConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.NamedValueChecker
}

// pgConn rewrites every statement before pgx sees it.
type pgConn struct{ pgxConn }

// ExecContext implements driver.ExecerContext.
func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.pgxConn.ExecContext(ctx, ToPostgres(query), pgArgs(args))
}

// QueryContext implements driver.QueryerContext.
func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.pgxConn.QueryContext(ctx, ToPostgres(query), pgArgs(args))
}

// PrepareContext implements driver.ConnPrepareContext.
func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.pgxConn.PrepareContext(ctx, ToPostgres(query))
	if err != nil {
		return nil, err
	}
	return pgStmt{st}, nil
}

// pgStmt converts a prepared statement's arguments as the connection does.
type pgStmt struct{ driver.Stmt }

func (s pgStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.Stmt.(driver.StmtExecContext).ExecContext(ctx, pgArgs(args))
}

func (s pgStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, pgArgs(args))
}

// pgArgs sends a Go bool as 1 or 0: folkmoot's flags are INTEGER columns on both stores. A
// string that is not valid UTF-8 or holds a NUL byte, which PostgreSQL's text refuses where
// SQLite keeps it, is sent with U+FFFD in place of each bad byte: text from a network is not
// refused for one broken byte.
func pgArgs(args []driver.NamedValue) []driver.NamedValue {
	copied := false
	set := func(i int, v driver.Value) {
		if !copied { // the caller's slice stays as it was
			args, copied = append([]driver.NamedValue(nil), args...), true
		}
		args[i].Value = v
	}
	for i, a := range args {
		switch v := a.Value.(type) {
		case bool:
			if v {
				set(i, int64(1))
			} else {
				set(i, int64(0))
			}
		case string:
			if !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 {
				set(i, strings.ReplaceAll(strings.ToValidUTF8(v, "\uFFFD"), "\x00", "\uFFFD"))
			}
		}
	}
	return args
}
