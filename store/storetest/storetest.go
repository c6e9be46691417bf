// Package storetest opens throwaway databases for tests.
package storetest

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"

	"folkmoot/store"
)

// Open opens a fresh database in a test's temporary folder, with the store's migrations and
// those of the features whose migration files are given (a feature's Migrations), and
// closes it at the end.
func Open(t testing.TB, features ...fs.FS) *store.DB {
	t.Helper()
	var steps [][]store.Migration
	for _, f := range features {
		ms, err := store.ReadMigrations(f)
		if err != nil {
			t.Fatal(err)
		}
		steps = append(steps, ms)
	}
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName), steps...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
