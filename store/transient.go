package store

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// SQLite's primary result codes that mean "try again later": another writer holds the lock,
// a table is locked, an I/O error, a full disk, a lock protocol hiccup. An extended code
// carries the primary one in its low byte.
const (
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteIOErr    = 10
	sqliteFull     = 13
	sqliteProtocol = 15
)

// IsTransient tells whether err is worth retrying: the database was busy or locked, an I/O
// call failed, or a deadline ran out. Everything else (a constraint, a bug, a handler's own
// refusal) fails the same way on every try. A cancelled context is not transient: it means
// the process is stopping.
func IsTransient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.EIO) ||
		errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EAGAIN) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// PostgreSQL's SQLSTATE: a serialization failure or deadlock, too many connections or
		// too little memory or disk, a server shutting down, a lost connection.
		c := pgErr.Code
		return c == "40001" || c == "40P01" || strings.HasPrefix(c, "53") || strings.HasPrefix(c, "57P") || strings.HasPrefix(c, "08")
	}
	if pgconn.Timeout(err) || pgconn.SafeToRetry(err) {
		return true
	}
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		switch coded.Code() & 0xff {
		case sqliteBusy, sqliteLocked, sqliteIOErr, sqliteFull, sqliteProtocol:
			return true
		}
	}
	var temp interface{ Temporary() bool }
	if errors.As(err, &temp) && temp.Temporary() {
		return true
	}
	// The driver sometimes wraps the busy error into a plain message.
	msg := err.Error()
	return strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY")
}

// Violated is the name of the constraint or index a PostgreSQL error says was violated, ""
// for any other error (SQLite's errors name columns instead, in their message).
func Violated(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && strings.HasPrefix(pgErr.Code, "23") {
		return pgErr.ConstraintName
	}
	return ""
}
