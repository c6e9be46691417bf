package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"

	"folkmoot/store"
	"folkmoot/store/storetest"
)

func TestIsTransient(t *testing.T) {
	// A real SQLITE_BUSY: a second connection holds the write lock and this one will not wait.
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
