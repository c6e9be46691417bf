// Package storetest opens throwaway databases for tests: SQLite files in a test's temporary
// folder, or, when FOLKMOOT_TEST_DATABASE_URL names a PostgreSQL server, a fresh schema of
// that database for each test, dropped at its end. scripts/test.sh runs the suite both ways.
package storetest

import (
	"context"
	"io/fs"
	"os"
	"sync"
	"testing"

	"folkmoot/store"
	"folkmoot/store/internal/pgtest"
)

// EnvURL names the PostgreSQL database the tests run on; unset, they run on SQLite.
const EnvURL = pgtest.EnvURL

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
	db, err := store.Open(context.Background(), Location(t, t.TempDir()), steps...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Postgres tells whether the tests run on PostgreSQL.
func Postgres() bool { return pgtest.Base() != "" }

// SkipOnPostgres skips a test that is about SQLite itself (its file, its plans, its locks).
func SkipOnPostgres(t testing.TB, why string) {
	t.Helper()
	if Postgres() {
		t.Skip("SQLite only: " + why)
	}
}

// DatabaseURL is the database_url a test's folkmoot should use for the data dir dir: "" on
// SQLite (the file in dir); on PostgreSQL, the URL of a schema made for dir, the same one each
// time dir is asked for, so a restarted folkmoot finds its data. The schema goes at the end
// of the test that first asked.
func DatabaseURL(t testing.TB, dir string) string {
	t.Helper()
	base := pgtest.Base()
	if base == "" {
		return ""
	}
	schemas.Lock()
	defer schemas.Unlock()
	if u, ok := schemas.byDir[dir]; ok {
		return u
	}
	u := pgtest.Schema(t, base)
	if schemas.byDir == nil {
		schemas.byDir = map[string]string{}
	}
	schemas.byDir[dir] = u
	t.Cleanup(func() {
		schemas.Lock()
		delete(schemas.byDir, dir)
		schemas.Unlock()
	})
	return u
}

var schemas struct {
	sync.Mutex
	byDir map[string]string
}

// Location is where a test's database for the data dir dir is: its PostgreSQL schema's URL,
// or the SQLite file in dir (store.Location).
func Location(t testing.TB, dir string) string {
	t.Helper()
	return store.Location(dir, DatabaseURL(t, dir))
}

// PostgresURL is the URL of a fresh schema, dropped at the end of t, for a test that needs
// PostgreSQL whichever store the other tests run on (folkmoot migrate's, the stores'
// benchmarks): on the server FOLKMOOT_TEST_DATABASE_URL names, else the one
// FOLKMOOT_TEST_POSTGRES_URL names (scripts/postgres.sh's, which scripts/test.sh exports to
// every step). Without either it skips t, or fails it under FOLKMOOT_REQUIRE_SERVERS=1.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := pgtest.Base()
	if base == "" {
		base = os.Getenv("FOLKMOOT_TEST_POSTGRES_URL")
	}
	if base == "" {
		if os.Getenv("FOLKMOOT_REQUIRE_SERVERS") == "1" {
			t.Fatalf("no PostgreSQL: set %s (scripts/postgres.sh start writes one)", EnvURL)
		}
		t.Skipf("no PostgreSQL: set %s to run this test", EnvURL)
	}
	return pgtest.Schema(t, base)
}

// Store is one of the two stores a benchmark compares: its name and where its database is.
type Store struct {
	Name     string // "sqlite" or "postgres"
	Location string // the SQLite file, or a fresh PostgreSQL schema's URL
}

// Stores are the stores to compare on the same work: a SQLite file in a temporary folder
// always, and a fresh schema of the PostgreSQL server FOLKMOOT_TEST_DATABASE_URL names when it
// is set (dropped at the end of tb).
func Stores(tb testing.TB) []Store {
	tb.Helper()
	out := []Store{{Name: "sqlite", Location: store.Location(tb.TempDir(), "")}}
	if base := pgtest.Base(); base != "" {
		out = append(out, Store{Name: "postgres", Location: pgtest.Schema(tb, base)})
	}
	return out
}
