// Package storetest opens throwaway databases for tests.
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"folkmoot/store"
)

// Open opens a fresh database in a test's temporary folder and closes it at the end.
func Open(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
