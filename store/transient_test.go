package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"folkmoot/store"
	"folkmoot/store/storetest"
)

func TestIsTransient(t *testing.T) {
	// A real SQLITE_BUSY: a second connection holds the write lock and this one will not wait.
	storetest.SkipOnPostgres(t, "SQLite's busy lock (TestIsTransientOnPostgres has PostgreSQL's codes)")
	db := storetest.Open(t)
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`PRAGMA busy_timeout = 0`); err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite", store.DSN(db.Path()))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	holder, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback()
	if _, err := holder.Exec(`INSERT INTO kv (namespace, key, value) VALUES ('a', 'b', 'c')`); err != nil {
		t.Fatal(err)
	}
	busy := db.InTx(context.Background(), func(*sql.Tx) error { return nil })
	if busy == nil {
		t.Fatal("BEGIN succeeded under another writer's lock")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"locked database", busy, true},
		{"wrapped locked database", fmt.Errorf("job 3: %w", busy), true},
		{"deadline", context.DeadlineExceeded, true},
		{"stopping", ctx.Err(), false},
		{"a constraint", errors.New("UNIQUE constraint failed: votes.id"), false},
		{"nil", nil, false},
	}
	for _, c := range cases {
		if got := store.IsTransient(c.err); got != c.want {
			t.Errorf("%s: IsTransient(%v) = %v, want %v", c.name, c.err, got, c.want)
		}
	}
}

// PostgreSQL's SQLSTATEs: a serialization failure, a deadlock, a server going away are worth
// another try; a constraint is not.
func TestIsTransientOnPostgres(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"40001", true}, {"40P01", true}, {"57P01", true}, {"08006", true}, {"53300", true},
		{"23505", false}, {"42P01", false},
	}
	for _, tt := range tests {
		err := fmt.Errorf("handle: %w", &pgconn.PgError{Code: tt.code})
		if got := store.IsTransient(err); got != tt.want {
			t.Errorf("SQLSTATE %s: IsTransient = %v, want %v", tt.code, got, tt.want)
		}
	}
}
