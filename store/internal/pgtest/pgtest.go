// Package pgtest makes a throwaway PostgreSQL schema for a test, for the store's own tests and
// storetest alike (the store's tests cannot import storetest, which imports the store).
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// EnvURL names the PostgreSQL database the tests run on; unset, they run on SQLite.
const EnvURL = "FOLKMOOT_TEST_DATABASE_URL"

// Base is the database the tests run on, "" for SQLite.
func Base() string { return os.Getenv(EnvURL) }

// Schema makes a fresh schema in the database at base, dropped when t ends, and returns
// base's URL with the schema as its search path: everything folkmoot creates goes there.
// A schema costs a few milliseconds where a database from a template costs a hundred.
func Schema(t testing.TB, base string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvURL, err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	exec(t, base, `CREATE SCHEMA `+name)
	t.Cleanup(func() { exec(t, base, `DROP SCHEMA `+name+` CASCADE`) })
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

func exec(t testing.TB, base, stmt string) {
	t.Helper()
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("%s: %v", EnvURL, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), stmt); err != nil {
		t.Fatalf("%s: %s: %v", EnvURL, stmt, err)
	}
}
