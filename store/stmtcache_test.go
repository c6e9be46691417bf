package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// onConn runs fn on one pooled connection and hands the cache to inspect.
func onConn(t *testing.T, db *DB, fn func(conn *sql.Conn), inspect func(c *cachingConn)) {
	t.Helper()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fn(conn)
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*cachingConn)
		if !ok {
			return fmt.Errorf("connection %T keeps no statements", dc)
		}
		inspect(c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A query is parsed once per connection, however often it runs: parsing was a quarter of
// the cost of firing a job.
func TestStatementsArePreparedOncePerConnection(t *testing.T) {
	skipOnPostgres(t, "the SQLite statement cache")
	db := openTest(t)
	ctx := context.Background()
	const q = `SELECT value FROM kv WHERE namespace = ? AND key = ?`
	onConn(t, db, func(conn *sql.Conn) {
		for i := range 50 {
			if err := conn.QueryRowContext(ctx, q, "n", i).Scan(new(string)); err != sql.ErrNoRows {
				t.Fatal(err)
			}
		}
	}, func(c *cachingConn) {
		if _, ok := c.stmts[q]; !ok {
			t.Fatalf("%q is not kept prepared", q)
		}
	})
}

// A query run again while rows of the same query are still being read gets a statement of
// its own: resetting the one in use would cut the outer rows short.
func TestStatementInUseIsNotReset(t *testing.T) {
	skipOnPostgres(t, "the SQLite statement cache")
	db := openTest(t)
	ctx := context.Background()
	for i := range 5 {
		must(t, db.Set(ctx, "outer", fmt.Sprint(i), "🌻"))
		must(t, db.Set(ctx, "inner", fmt.Sprint(i), "رێزان"))
	}
	const q = `SELECT key, value FROM kv WHERE namespace = ? ORDER BY key`
	must(t, db.InTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q, "outer")
		if err != nil {
			return err
		}
		defer rows.Close()
		var outer []string
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				return err
			}
			outer = append(outer, k+v)
			var inner []string
			inRows, err := tx.QueryContext(ctx, q, "inner")
			if err != nil {
				return err
			}
			for inRows.Next() {
				if err := inRows.Scan(&k, &v); err != nil {
					return err
				}
				inner = append(inner, v)
			}
			inRows.Close()
			if len(inner) != 5 || inner[0] != "رێزان" {
				t.Errorf("inner rows %q", inner)
			}
			if _, err := tx.ExecContext(ctx, q, "inner"); err != nil { // an Exec of it too
				return err
			}
		}
		if want := "0🌻 1🌻 2🌻 3🌻 4🌻"; strings.Join(outer, " ") != want {
			t.Errorf("outer rows %q, want %q", outer, want)
		}
		return rows.Err()
	}))
}

// SQL made at run time cannot grow a connection's cache without end.
func TestStatementCacheIsBounded(t *testing.T) {
	skipOnPostgres(t, "the SQLite statement cache")
	db := openTest(t)
	ctx := context.Background()
	onConn(t, db, func(conn *sql.Conn) {
		for i := range maxCachedStmts + 50 {
			var n int
			must(t, conn.QueryRowContext(ctx, fmt.Sprintf("SELECT %d + ?", i), 1).Scan(&n))
			if n != i+1 {
				t.Fatalf("SELECT %d + 1 = %d", i, n)
			}
		}
	}, func(c *cachingConn) {
		if c.lru.Len() > maxCachedStmts || len(c.stmts) != c.lru.Len() {
			t.Fatalf("%d statements kept (%d in the map), want at most %d", c.lru.Len(), len(c.stmts), maxCachedStmts)
		}
	})
}

// A kept statement follows the schema: a migration that adds a column shows in it.
func TestCachedStatementFollowsTheSchema(t *testing.T) {
	skipOnPostgres(t, "the SQLite statement cache")
	db := openTest(t)
	ctx := context.Background()
	onConn(t, db, func(conn *sql.Conn) {
		_, err := conn.ExecContext(ctx, `CREATE TABLE t (a TEXT); INSERT INTO t (a) VALUES ('Zoë 🌻')`)
		must(t, err)
		columns := func() string {
			rows, err := conn.QueryContext(ctx, `SELECT * FROM t`)
			must(t, err)
			defer rows.Close()
			cols, err := rows.Columns()
			must(t, err)
			return strings.Join(cols, ",")
		}
		if got := columns(); got != "a" {
			t.Fatalf("columns %q", got)
		}
		_, err = conn.ExecContext(ctx, `ALTER TABLE t ADD COLUMN b INTEGER NOT NULL DEFAULT 7`)
		must(t, err)
		if got := columns(); got != "a,b" {
			t.Fatalf("after the migration: columns %q, want a,b", got)
		}
	}, func(*cachingConn) {})
}

// killEnv names the database a child test process writes before it kills itself.
const killEnv = "FOLKMOOT_TEST_KILL9_DB"

// A committed change survives kill -9: in WAL mode with synchronous=NORMAL a commit is in
// the WAL file (the operating system's cache) before it returns, and the next open replays
// it. Only a power cut or a kernel crash can lose the last commits (never corrupt the
// database), which is why folkmoot does not pay an fsync per commit.
func TestCommittedChangeSurvivesKill9(t *testing.T) {
	ctx := context.Background()
	if path := os.Getenv(killEnv); path != "" {
		db, err := Open(ctx, path)
		must(t, err)
		must(t, db.Set(ctx, "votes", "1", "yes 🌻"))
		must(t, db.InTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO kv (namespace, key, value) VALUES ('votes', '2', 'نعم')`)
			return err
		}))
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // the signal ends the process before anything else runs
	}
	path := t.TempDir() + "/" + FileName
	cmd := exec.Command(os.Args[0], "-test.run=^TestCommittedChangeSurvivesKill9$")
	cmd.Env = append(os.Environ(), killEnv+"="+path)
	out, err := cmd.CombinedOutput()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the child was not killed: %v\n%s", err, out)
	}
	if info, err := os.Stat(path + "-wal"); err != nil || info.Size() == 0 {
		t.Fatalf("no WAL left behind (%v): the test proves nothing", err)
	}
	db, err := Open(ctx, path)
	must(t, err)
	defer db.Close()
	for key, want := range map[string]string{"1": "yes 🌻", "2": "نعم"} {
		if v, ok, err := db.Get(ctx, "votes", key); err != nil || !ok || v != want {
			t.Errorf("vote %s after kill -9: %q, %v, %v; want %q", key, v, ok, err, want)
		}
	}
}
